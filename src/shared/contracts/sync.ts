import { z } from 'zod';
import { EntityKind, FlagSeverity, Id, entitySchemas } from './domain';

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

/** Control characters other than line breaks and tabs: PostgreSQL refuses NUL in text, none belong in prose. */
const CONTROL = /[^\P{Cc}\n\r\t]/u;
const Body = z
  .string()
  .trim()
  .min(1)
  .max(20_000)
  .refine((text) => !CONTROL.test(text), 'must not contain control characters');

export const MutationPayloads = {
  'message.send': z.strictObject({ messageId: Id, patientId: Id, body: Body }),
  'message.markRead': z.strictObject({ patientId: Id, messageIds: z.array(Id).min(1).max(500) }),
  'flag.acknowledge': z.strictObject({ flagId: Id, note: Body }),
  'flag.resolve': z.strictObject({ flagId: Id, note: Body.optional() }),
  'flag.raise': z.strictObject({ flagId: Id, patientId: Id, severity: FlagSeverity, note: Body }),
  'note.add': z.strictObject({ noteId: Id, patientId: Id, body: Body }),
  'feedback.markGiven': z.strictObject({
    feedbackId: Id,
    patientId: Id,
    week: z.number().int().min(1).max(14),
  }),
} as const;

export type MutationType = keyof typeof MutationPayloads;
export const MutationType = z.enum(Object.keys(MutationPayloads) as [MutationType, ...MutationType[]]);

const mutationOf = <T extends MutationType>(type: T) =>
  z.strictObject({ id: Id, type: z.literal(type), payload: MutationPayloads[type] });

export const Mutation = z.discriminatedUnion('type', [
  mutationOf('message.send'),
  mutationOf('message.markRead'),
  mutationOf('flag.acknowledge'),
  mutationOf('flag.resolve'),
  mutationOf('flag.raise'),
  mutationOf('note.add'),
  mutationOf('feedback.markGiven'),
]);
export type Mutation = z.infer<typeof Mutation>;

/** What the user wrote in a mutation (message, note, flag note); null for those without text. */
export function writtenText(mutation: Mutation): string | null {
  switch (mutation.type) {
    case 'message.send':
    case 'note.add':
      return mutation.payload.body;
    case 'flag.acknowledge':
    case 'flag.raise':
    case 'flag.resolve':
      return mutation.payload.note ?? null;
    case 'message.markRead':
    case 'feedback.markGiven':
      return null;
  }
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
