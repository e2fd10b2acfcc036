import { z } from 'zod';
import { Change, PullResponse } from '../../../shared/contracts/sync';
import { SyncFailure } from './errors';
import { yieldToEventLoop } from './yield';

/** The portal's answer checked against the contract; a malformed answer is an error, never data. */
export function validated<T extends z.ZodType>(schema: T, json: unknown): z.infer<T> {
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    // Zod's issues may quote the data, which can be patient data: keep only our own words.
    throw new SyncFailure('malformed', 'schema', 'The portal sent an answer outside the contract');
  }
  return parsed.data;
}

/**
 * How long validation may hold the event loop before it yields. A full page takes tens of ms,
 * and the first use of each record schema much more while zod compiles it.
 */
const VALIDATION_BUDGET_MS = 8;

const PageEnvelope = z.object({
  kind: z.literal('changes'),
  changes: z.array(z.unknown()),
  cursor: z.string(),
  hasMore: z.boolean(),
});

/** Validate a pull answer like `validated`, yielding on a time budget so a page never stalls the process. */
export async function validatePullResponse(json: unknown): Promise<PullResponse> {
  const envelope = PageEnvelope.safeParse(json);
  if (!envelope.success) return validated(PullResponse, json);
  const changes: Change[] = [];
  let sliceStart = performance.now();
  for (const item of envelope.data.changes) {
    if (performance.now() - sliceStart > VALIDATION_BUDGET_MS) {
      await yieldToEventLoop();
      sliceStart = performance.now();
    }
    changes.push(validated(Change, item));
  }
  return { ...envelope.data, changes };
}
