import { z } from 'zod';
import { CaseloadCapacity } from './admin';
import {
  DeclineReason,
  FlagSeverity,
  GrantReason,
  Id,
  Instant,
  IsoWeek,
  LocalDate,
  TherapistTime,
} from './domain';
import {
  ClinicalNoteText,
  DeclineReasonText,
  DraftText,
  FlagNote,
  GrantReasonText,
  MessageBody,
  TEXT_MAX,
} from './fields';
import type { Draft } from './ipc';

/**
 * Every user action that changes data, declared once: its name, what the renderer sends (checked
 * at the IPC boundary), what it answers, and whether it becomes a sync mutation and with which
 * payload (client-made ids included, so a retried push is applied once). The IPC request and
 * response maps, the workstation's handler table and the sync `Mutation` union are derived from
 * this list, so an action missing its workstation or portal half fails to compile. The workstation
 * applies each action to its cache and outbox (src/main/core/workstation/actions.ts), the portal
 * applies each mutation to PostgreSQL (src/portal/sync/mutations.ts), under the same name.
 */

/** An action's answer to the renderer; a type only (the value is never read). */
export interface Returns<T> {
  readonly __returns?: T;
}
const returns = <T>(): Returns<T> => ({});

interface MutationSpec<Payload extends z.ZodType> {
  payload: Payload;
  /** What the user wrote in it, shown to them when the unsent change is at risk. */
  text?: (payload: z.infer<Payload>) => string | null | undefined;
}

interface ActionSpec<Request extends z.ZodType, Response> {
  request: Request;
  response: Returns<Response>;
}

/** An action on the workstation's own state only (drafts, the round's progress): no mutation. */
const local = <Request extends z.ZodType, Response>(spec: ActionSpec<Request, Response>) => ({
  ...spec,
  mutation: null,
});

/** An action that changes the clinic's record: it becomes a sync mutation with this payload. */
const synced = <Request extends z.ZodType, Response, Payload extends z.ZodType>(
  spec: ActionSpec<Request, Response> & { mutation: MutationSpec<Payload> },
) => spec;

const PatientRef = z.strictObject({ patientId: Id });
const MessageIds = z.array(Id).min(1).max(500);

/** How long an opened record stays open, in hours: a day unless the opener says otherwise. */
export const GRANT_HOURS = { default: 24, max: 72 } as const;
const GrantHours = z.number().int().min(1).max(GRANT_HOURS.max);
/** A reason from the fixed list. */
const Reason = { reason: GrantReason, reasonText: GrantReasonText.optional() };
/** "other" and only "other" says the reason in words (a grant's or a decline's). */
const reasonSaid = (said: { reason: string; reasonText?: string }) =>
  (said.reason === 'other') === (said.reasonText !== undefined);
const reasonRule = {
  message: 'a free-text reason goes with "other", and only with it',
  path: ['reasonText'],
};

const Enrol = z.strictObject({ patientId: Id, therapistId: Id, startDate: LocalDate });
const Decline = z
  .strictObject({ patientId: Id, reason: DeclineReason, reasonText: DeclineReasonText.optional() })
  .refine(reasonSaid, reasonRule);
const Reassign = z.strictObject({ patientIds: z.array(Id).min(1).max(200), therapistId: Id });
const SetCapacity = z.strictObject({ therapistId: Id, capacity: CaseloadCapacity.nullable() });

/** How many of a therapist's sent messages a supervision sample opens: three unless said. */
export const SUPERVISION_SAMPLE = { default: 3, max: 10 } as const;

export const actions = {
  /** An empty body is a valid draft (the user cleared the text); discard removes it. */
  'draft.save': local({
    request: z.strictObject({ patientId: Id, body: DraftText(TEXT_MAX.message) }),
    response: returns<Draft>(),
  }),
  'draft.discard': local({ request: PatientRef, response: returns<null>() }),
  /** Sends the text and discards the patient's draft, in one step. */
  'message.send': synced({
    request: z.strictObject({ patientId: Id, body: MessageBody }),
    response: returns<{ messageId: string }>(),
    mutation: {
      payload: z.strictObject({ messageId: Id, patientId: Id, body: MessageBody }),
      text: (payload) => payload.body,
    },
  }),
  'message.markRead': synced({
    request: z.strictObject({ patientId: Id, messageIds: MessageIds }),
    response: returns<null>(),
    mutation: { payload: z.strictObject({ patientId: Id, messageIds: MessageIds }) },
  }),
  'flag.acknowledge': synced({
    request: z.strictObject({ flagId: Id, note: FlagNote }),
    response: returns<null>(),
    mutation: {
      /**
       * `seenHits`: how many answers the flag held on the acknowledger's screen. An answer that came
       * after, while the change waited offline, was not seen: the portal refuses the acknowledgement
       * rather than let it cover that answer. Optional: changes queued before it existed lack it.
       */
      payload: z.strictObject({
        flagId: Id,
        note: FlagNote,
        seenHits: z.number().int().min(0).max(10_000).optional(),
      }),
      text: (payload) => payload.note,
    },
  }),
  'flag.resolve': synced({
    request: z.strictObject({ flagId: Id, note: FlagNote.optional() }),
    response: returns<null>(),
    mutation: {
      payload: z.strictObject({ flagId: Id, note: FlagNote.optional() }),
      text: (payload) => payload.note,
    },
  }),
  'flag.raise': synced({
    request: z.strictObject({ patientId: Id, severity: FlagSeverity, note: FlagNote }),
    response: returns<{ flagId: string }>(),
    mutation: {
      payload: z.strictObject({ flagId: Id, patientId: Id, severity: FlagSeverity, note: FlagNote }),
      text: (payload) => payload.note,
    },
  }),
  'note.add': synced({
    request: z.strictObject({ patientId: Id, body: ClinicalNoteText }),
    response: returns<{ noteId: string }>(),
    mutation: {
      payload: z.strictObject({ noteId: Id, patientId: Id, body: ClinicalNoteText }),
      text: (payload) => payload.body,
    },
  }),
  /** Marks the feedback for the patient's current programme week as given. */
  'feedback.markGiven': synced({
    request: PatientRef,
    response: returns<{ feedbackId: string }>(),
    mutation: {
      payload: z.strictObject({ feedbackId: Id, patientId: Id, week: z.number().int().min(1).max(14) }),
    },
  }),
  /**
   * Opens one patient's whole record to the user for a stated reason, for a limited time: the
   * portal then syncs it in full until the grant expires, and drops it from the cache after.
   */
  'record.open': synced({
    request: z
      .strictObject({ patientId: Id, hours: GrantHours.optional(), ...Reason })
      .refine(reasonSaid, reasonRule),
    response: returns<{ grantId: string }>(),
    mutation: {
      payload: z
        .strictObject({ grantId: Id, patientId: Id, hours: GrantHours, ...Reason })
        .refine(reasonSaid, reasonRule),
      text: (payload) => payload.reasonText,
    },
  }),
  /** Team lead: a waiting (referred or assessed) patient starts with a therapist of the team. */
  'waiting.enrol': synced({
    request: Enrol,
    response: returns<null>(),
    mutation: { payload: Enrol },
  }),
  /** Team lead: a waiting patient is not taken on, for a stated reason. */
  'waiting.decline': synced({
    request: Decline,
    response: returns<null>(),
    mutation: { payload: Decline, text: (payload) => payload.reasonText },
  }),
  /** Team lead: patients move to another therapist of the team, all of them or none. */
  'team.reassign': synced({
    request: Reassign,
    response: returns<null>(),
    mutation: { payload: Reassign },
  }),
  /** Team lead: a therapist's target caseload; null returns them to the clinic's default. */
  'team.setCapacity': synced({
    request: SetCapacity,
    response: returns<null>(),
    mutation: { payload: SetCapacity },
  }),
  /**
   * Opens, for supervision, the records of a random sample of the messages one therapist sent in
   * the last 7 days: the portal draws the sample (so nobody picks it), at most once per week per
   * therapist, and grants each sampled message's patient with the reason "supervision".
   */
  'supervision.sample': synced({
    request: z.strictObject({
      therapistId: Id,
      size: z.number().int().min(1).max(SUPERVISION_SAMPLE.max).optional(),
    }),
    response: returns<{ sampleId: string }>(),
    mutation: {
      payload: z.strictObject({
        sampleId: Id,
        therapistId: Id,
        /** One client-made id per grant the sample may open: its size. */
        grantIds: z.array(Id).min(1).max(SUPERVISION_SAMPLE.max),
      }),
    },
  }),
  'round.markDone': local({ request: PatientRef, response: returns<null>() }),
  'round.snooze': local({
    request: z.strictObject({ patientId: Id, until: Instant }),
    response: returns<null>(),
  }),
  'round.reopen': local({ request: PatientRef, response: returns<null>() }),
  /** Forget a change the portal refused, once the user has seen why. */
  'sync.dismissRejected': local({
    request: z.strictObject({ mutationId: Id }),
    response: returns<null>(),
  }),
};

/**
 * Changes the workstation makes by itself from what it measures, not at the page's request: sync
 * mutations without an IPC channel, so the page cannot state them.
 */
export const measuredMutations = {
  /** A therapist's active time on a patient this ISO week, as a running total (the portal keeps the largest). */
  'time.record': {
    payload: z.strictObject({ patientId: Id, week: IsoWeek, seconds: TherapistTime.shape.seconds }),
  },
} satisfies Record<string, MutationSpec<z.ZodType>>;

type Actions = typeof actions;
export type ActionName = keyof Actions;
export type ActionRequest<A extends ActionName> = z.infer<Actions[A]['request']>;
export type ActionResponse<A extends ActionName> =
  Actions[A]['response'] extends Returns<infer T> ? T : never;

/** The actions that become a sync mutation. */
export type MutatingAction = {
  [A in ActionName]: Actions[A]['mutation'] extends MutationSpec<z.ZodType> ? A : never;
}[ActionName];
/** Every sync mutation: an action's, or one the workstation measured. */
export type MutationName = MutatingAction | keyof typeof measuredMutations;
export type MutationPayloadSchema<M extends MutationName> = M extends MutatingAction
  ? NonNullable<Actions[M]['mutation']>['payload']
  : M extends keyof typeof measuredMutations
    ? (typeof measuredMutations)[M]['payload']
    : never;

export const actionNames = Object.keys(actions) as ActionName[];

/** The request schema of each action, for the IPC contract. */
export const actionRequests = Object.fromEntries(
  actionNames.map((name) => [name, actions[name].request]),
) as {
  [A in ActionName]: Actions[A]['request'];
};

/** The payload schema of each mutation, for the sync contract. */
export const mutationPayloads = Object.fromEntries([
  ...actionNames.flatMap((name) => {
    const mutation = actions[name].mutation;
    return mutation ? [[name, mutation.payload]] : [];
  }),
  ...Object.entries(measuredMutations).map(([name, mutation]) => [name, mutation.payload]),
]) as { [M in MutationName]: MutationPayloadSchema<M> };
