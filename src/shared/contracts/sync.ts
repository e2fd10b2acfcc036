import { z } from 'zod';
import { type MutationName, type MutationPayloadSchema, actions, mutationPayloads } from './actions';
import { EntityKind, Id, entitySchemas } from './domain';

/**
 * The staff sync protocol between the portal and the workstation (DESIGN.md, "The sync contract").
 *
 * Pull: POST /api/v1/sync/pull with an opaque cursor; the portal answers the changes the caller may
 * see after it, in commit order, paged. Push: POST /api/v1/sync/push with a batch of mutations,
 * each carrying a client-made id; each is applied exactly once and answered on its own.
 * Nudge: GET /api/v1/sync/events, server-sent events; an event `pull` means "pull now".
 */

export const PULL_PAGE_MAX = 5000;

export const PullRequest = z.strictObject({
  /** null for an initial sync. Opaque to the client. */
  cursor: z.string().max(200).nullable(),
  limit: z.number().int().min(1).max(PULL_PAGE_MAX).optional(),
});
export type PullRequest = z.infer<typeof PullRequest>;

const upsertOf = <K extends EntityKind>(kind: K) =>
  z.object({ op: z.literal('upsert'), entity: z.literal(kind), record: entitySchemas[kind] });

export const UpsertChange = z.discriminatedUnion('entity', [
  upsertOf('team'),
  upsertOf('staff'),
  upsertOf('patient'),
  upsertOf('enrolment'),
  upsertOf('moduleProgress'),
  upsertOf('homework'),
  upsertOf('message'),
  upsertOf('questionnaireResponse'),
  upsertOf('flag'),
  upsertOf('clinicalNote'),
  upsertOf('weeklyFeedback'),
  upsertOf('overview'),
  upsertOf('accessGrant'),
  upsertOf('therapistTime'),
]);

export const Change = z.union([
  UpsertChange,
  z.object({ op: z.literal('delete'), entity: EntityKind, id: Id }),
  /** The caller lost access to this patient (reassigned away): drop everything about them. */
  z.object({ op: z.literal('drop-patient'), patientId: Id }),
]);
export type Change = z.infer<typeof Change>;

export const PullResponse = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('changes'),
    changes: z.array(Change),
    cursor: z.string(),
    hasMore: z.boolean(),
  }),
  /** The cursor can no longer be served: drop the cache and pull from null. */
  z.object({ kind: z.literal('resync'), reason: z.string() }),
]);
export type PullResponse = z.infer<typeof PullResponse>;

/**
 * The mutations a workstation pushes: one per action of the registry that has one (actions.ts),
 * each with a client-made id so that a retried push is applied once.
 */
export const MutationPayloads = mutationPayloads;
export type MutationType = MutationName;
export const mutationTypes = Object.keys(MutationPayloads) as MutationType[];
export const MutationType = z.enum(mutationTypes as [MutationType, ...MutationType[]]);

export type Mutation = {
  [T in MutationType]: { id: string; type: T; payload: z.infer<MutationPayloadSchema<T>> };
}[MutationType];

const mutationOf = (type: MutationType) =>
  z.strictObject({ id: Id, type: z.literal(type), payload: MutationPayloads[type] });

export const Mutation = z.discriminatedUnion(
  'type',
  mutationTypes.map(mutationOf) as [ReturnType<typeof mutationOf>, ...ReturnType<typeof mutationOf>[]],
) as unknown as z.ZodType<Mutation>;

/** What the user wrote in a mutation (message, note, flag note); null for those without text. */
export function writtenText(mutation: Mutation): string | null {
  const spec = mutation.type in actions ? actions[mutation.type as keyof typeof actions].mutation : null;
  const text = spec?.text as ((payload: unknown) => string | null | undefined) | undefined;
  return text?.(mutation.payload) ?? null;
}

export const PUSH_BATCH_MAX = 200;

/**
 * Mutations are validated one by one by the server so that one malformed mutation is rejected
 * without blocking the rest; the envelope only checks the id and the type name.
 */
export const PushRequest = z.strictObject({
  mutations: z
    .array(z.looseObject({ id: Id, type: z.string().max(100), payload: z.unknown() }))
    .min(1)
    .max(PUSH_BATCH_MAX),
});
export type PushRequest = z.infer<typeof PushRequest>;

export const RejectionCode = z.enum(['invalid', 'forbidden', 'not-found', 'conflict']);
export type RejectionCode = z.infer<typeof RejectionCode>;

export const MutationResult = z.discriminatedUnion('status', [
  z.object({ id: Id, status: z.literal('applied') }),
  z.object({
    id: Id,
    status: z.literal('rejected'),
    code: RejectionCode,
    message: z.string(),
  }),
]);
export type MutationResult = z.infer<typeof MutationResult>;

export const PushResponse = z.object({ results: z.array(MutationResult) });
export type PushResponse = z.infer<typeof PushResponse>;

/** Server-sent event names on /api/v1/sync/events. */
export const NUDGE_EVENT = 'pull';
