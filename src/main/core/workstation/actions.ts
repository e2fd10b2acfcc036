import { randomUUID } from 'node:crypto';
import { MAX_SNOOZE_DAYS, acknowledgeFlag, resolveFlag } from '../../../shared/clinical';
import type {
  ClinicalNote,
  Enrolment,
  Flag,
  Message,
  WeeklyFeedback,
} from '../../../shared/contracts/domain';
import type { Cache } from '../cache/cache';
import type { OverlayWrite } from '../cache/overlay';
import {
  type ActionName,
  type ActionRequest,
  type ActionResponse,
  GRANT_HOURS,
  SUPERVISION_SAMPLE,
} from '../../../shared/contracts/actions';
import type { RoundState } from '../../../shared/contracts/ipc';
import { WorkstationError } from './errors';
import { teamActions } from './teamActions';
import { patientRoundWeek, weekOf } from './views/programme';

/**
 * The workstation's half of every action in the registry (src/shared/contracts/actions.ts). An
 * action that becomes a mutation writes the records as the user will now see them (the overlay)
 * and queues the mutation for the portal, in one transaction (Cache.queueLocalChange); ids are
 * made here, so a retried push is recognised by the portal and applied once. The others change
 * the workstation's own state (drafts, the round's progress, refused changes seen).
 */
export interface ActionContext {
  cache: Cache;
  staffId: string;
  now: Date;
}

export interface ActionOutcome<T> {
  /** Which patient the action changed, for the "data changed" event; null for none. */
  patientId: string | null;
  value: T;
  /** A mutation was queued: the engine should push now. */
  queued: boolean;
}

export type Implementation<A extends ActionName> = (
  ctx: ActionContext,
  request: ActionRequest<A>,
) => ActionOutcome<ActionResponse<A>>;

const MAX_SNOOZE_MS = MAX_SNOOZE_DAYS * 86_400_000;

const notFound = (what: string) =>
  new WorkstationError('not-found', `${what} is not in this workstation's cache`);

function requirePatient(cache: Cache, patientId: string): void {
  if (!cache.records.get('patient', patientId)) throw notFound('The patient');
}

function requireFlag(cache: Cache, flagId: string): Flag {
  const found = cache.records.get('flag', flagId);
  if (!found) throw notFound('The flag');
  const { pending: _, ...flag } = found;
  return flag;
}

const sendMessage: Implementation<'message.send'> = (ctx, req) => {
  requirePatient(ctx.cache, req.patientId);
  const at = ctx.now.toISOString();
  const body = req.body.trim();
  const message: Message = {
    id: randomUUID(),
    patientId: req.patientId,
    authorKind: 'staff',
    authorStaffId: ctx.staffId,
    body,
    sentAt: at,
    readAt: null,
    answeredAt: null,
    updatedAt: at,
  };
  // As the portal does: a reply answers every message the patient is waiting on.
  const answered: OverlayWrite[] = ctx.cache.records
    .ofPatient('message', req.patientId)
    .filter((m) => m.authorKind === 'patient' && m.answeredAt === null)
    .map(({ pending: _, ...m }) => ({
      entity: 'message',
      record: { ...m, answeredAt: at },
      confirm: 'answered',
    }));
  ctx.cache.queueLocalChange(
    {
      mutation: {
        id: randomUUID(),
        type: 'message.send',
        payload: { messageId: message.id, patientId: req.patientId, body },
      },
      patientId: req.patientId,
      overlay: [{ entity: 'message', record: message, confirm: 'exists' }, ...answered],
    },
    () => ctx.cache.local.discardDraft(req.patientId),
  );
  return { patientId: req.patientId, value: { messageId: message.id }, queued: true };
};

const markRead: Implementation<'message.markRead'> = (ctx, req) => {
  requirePatient(ctx.cache, req.patientId);
  const wanted = new Set(req.messageIds);
  const unread = ctx.cache.records
    .ofPatient('message', req.patientId)
    .filter((m) => wanted.has(m.id) && m.authorKind === 'patient' && m.readAt === null);
  // Nothing unread among them (already read, or read elsewhere): no mutation to send.
  if (unread.length === 0) return { patientId: req.patientId, value: null, queued: false };
  const at = ctx.now.toISOString();
  ctx.cache.queueLocalChange({
    mutation: {
      id: randomUUID(),
      type: 'message.markRead',
      payload: { patientId: req.patientId, messageIds: unread.map((m) => m.id) },
    },
    patientId: req.patientId,
    overlay: unread.map(({ pending: _, ...m }) => ({
      entity: 'message',
      record: { ...m, readAt: at },
      confirm: 'read',
    })),
  });
  return { patientId: req.patientId, value: null, queued: true };
};

const acknowledge: Implementation<'flag.acknowledge'> = (ctx, req) => {
  const flag = requireFlag(ctx.cache, req.flagId);
  const next = acknowledgeFlag(flag, { by: ctx.staffId, at: ctx.now.toISOString(), note: req.note });
  if (!next.ok) throw new WorkstationError('conflict', next.error.message);
  ctx.cache.queueLocalChange({
    mutation: {
      id: randomUUID(),
      type: 'flag.acknowledge',
      payload: { flagId: flag.id, note: req.note.trim(), seenHits: flag.hits.length },
    },
    patientId: flag.patientId,
    overlay: [
      { entity: 'flag', record: { ...next.flag, updatedAt: ctx.now.toISOString() }, confirm: 'acknowledged' },
    ],
  });
  return { patientId: flag.patientId, value: null, queued: true };
};

const resolve: Implementation<'flag.resolve'> = (ctx, req) => {
  const flag = requireFlag(ctx.cache, req.flagId);
  const next = resolveFlag(flag, { by: ctx.staffId, at: ctx.now.toISOString() });
  if (!next.ok) throw new WorkstationError('conflict', next.error.message);
  const note = req.note?.trim();
  ctx.cache.queueLocalChange({
    mutation: {
      id: randomUUID(),
      type: 'flag.resolve',
      payload: { flagId: flag.id, ...(note ? { note } : {}) },
    },
    patientId: flag.patientId,
    overlay: [
      {
        entity: 'flag',
        record: { ...next.flag, resolveNote: note ?? null, updatedAt: ctx.now.toISOString() },
        confirm: 'resolved',
      },
    ],
  });
  return { patientId: flag.patientId, value: null, queued: true };
};

const raise: Implementation<'flag.raise'> = (ctx, req) => {
  requirePatient(ctx.cache, req.patientId);
  const at = ctx.now.toISOString();
  const note = req.note.trim();
  // The same record the portal makes for a clinician-raised flag.
  const flag: Flag = {
    id: randomUUID(),
    patientId: req.patientId,
    severity: req.severity,
    reasonCode: 'clinician-raised',
    source: { kind: 'clinician', staffId: ctx.staffId },
    details: { note },
    status: 'open',
    raisedAt: at,
    acknowledgedBy: null,
    acknowledgedAt: null,
    acknowledgeNote: null,
    resolvedBy: null,
    resolvedAt: null,
    resolveNote: null,
    hits: [],
    updatedAt: at,
  };
  ctx.cache.queueLocalChange({
    mutation: {
      id: randomUUID(),
      type: 'flag.raise',
      payload: { flagId: flag.id, patientId: req.patientId, severity: req.severity, note },
    },
    patientId: req.patientId,
    overlay: [{ entity: 'flag', record: flag, confirm: 'exists' }],
  });
  return { patientId: req.patientId, value: { flagId: flag.id }, queued: true };
};

const addNote: Implementation<'note.add'> = (ctx, req) => {
  requirePatient(ctx.cache, req.patientId);
  const at = ctx.now.toISOString();
  const note: ClinicalNote = {
    id: randomUUID(),
    patientId: req.patientId,
    authorStaffId: ctx.staffId,
    body: req.body.trim(),
    createdAt: at,
    updatedAt: at,
  };
  ctx.cache.queueLocalChange({
    mutation: {
      id: randomUUID(),
      type: 'note.add',
      payload: { noteId: note.id, patientId: req.patientId, body: note.body },
    },
    patientId: req.patientId,
    overlay: [{ entity: 'clinicalNote', record: note, confirm: 'exists' }],
  });
  return { patientId: req.patientId, value: { noteId: note.id }, queued: true };
};

/** The patient's active enrolment and its programme week now, or a conflict when there is none. */
function currentWeek(cache: Cache, patientId: string, now: Date): { enrolment: Enrolment; week: number } {
  requirePatient(cache, patientId);
  const enrolment = cache.records.ofPatient('enrolment', patientId).find((e) => e.status === 'active');
  const week = enrolment ? weekOf(enrolment.startDate, now) : null;
  if (!enrolment || typeof week !== 'number') {
    throw new WorkstationError('conflict', 'The patient is not in a programme week now');
  }
  return { enrolment, week };
}

const markFeedbackGiven: Implementation<'feedback.markGiven'> = (ctx, req) => {
  const { enrolment, week } = currentWeek(ctx.cache, req.patientId, ctx.now);
  const given = ctx.cache.records
    .ofPatient('weeklyFeedback', req.patientId)
    .some((f) => f.enrolmentId === enrolment.id && f.week === week);
  if (given) throw new WorkstationError('conflict', `Feedback for week ${week} is already marked as given`);
  const at = ctx.now.toISOString();
  const feedback: WeeklyFeedback = {
    id: randomUUID(),
    patientId: req.patientId,
    enrolmentId: enrolment.id,
    week,
    givenBy: ctx.staffId,
    givenAt: at,
    updatedAt: at,
  };
  ctx.cache.queueLocalChange({
    mutation: {
      id: randomUUID(),
      type: 'feedback.markGiven',
      payload: { feedbackId: feedback.id, patientId: req.patientId, week },
    },
    patientId: req.patientId,
    overlay: [{ entity: 'weeklyFeedback', record: feedback, confirm: 'exists' }],
  });
  return { patientId: req.patientId, value: { feedbackId: feedback.id }, queued: true };
};

/**
 * Asks the portal to open the patient's whole record: nothing changes in the cache until the
 * portal has granted it and the pull brings the record (and, at expiry, takes it away).
 */
const openRecord: Implementation<'record.open'> = (ctx, req) => {
  requirePatient(ctx.cache, req.patientId);
  const grantId = randomUUID();
  const reasonText = req.reasonText?.trim();
  ctx.cache.queueLocalChange({
    mutation: {
      id: randomUUID(),
      type: 'record.open',
      payload: {
        grantId,
        patientId: req.patientId,
        reason: req.reason,
        ...(reasonText ? { reasonText } : {}),
        hours: req.hours ?? GRANT_HOURS.default,
      },
    },
    patientId: req.patientId,
    overlay: [],
  });
  return { patientId: req.patientId, value: { grantId }, queued: true };
};

/**
 * Asks the portal to draw this week's supervision sample of a therapist's sent messages: the
 * portal picks them; the grants it opens arrive with the next pull.
 */
const sampleForSupervision: Implementation<'supervision.sample'> = (ctx, req) => {
  const therapist = ctx.cache.records.get('staff', req.therapistId);
  if (!therapist || therapist.role !== 'therapist') throw notFound('The therapist');
  const sampleId = randomUUID();
  const size = req.size ?? SUPERVISION_SAMPLE.default;
  ctx.cache.queueLocalChange({
    mutation: {
      id: randomUUID(),
      type: 'supervision.sample',
      payload: {
        sampleId,
        therapistId: req.therapistId,
        grantIds: Array.from({ length: size }, () => randomUUID()),
      },
    },
    patientId: null,
    overlay: [],
  });
  return { patientId: null, value: { sampleId }, queued: true };
};

const saveDraft: Implementation<'draft.save'> = (ctx, req) => {
  requirePatient(ctx.cache, req.patientId);
  const draft = { ...req, updatedAt: ctx.now.toISOString() };
  ctx.cache.local.saveDraft(draft);
  return { patientId: req.patientId, value: draft, queued: false };
};

const discardDraft: Implementation<'draft.discard'> = (ctx, req) => {
  ctx.cache.local.discardDraft(req.patientId);
  return { patientId: req.patientId, value: null, queued: false };
};

/**
 * The round's progress is kept per programme week, so next week's round starts open; after the
 * end, under the follow-up once it is answered (views/programme.ts, roundWeekOf).
 */
function setRound(ctx: ActionContext, patientId: string, round: RoundState): ActionOutcome<null> {
  requirePatient(ctx.cache, patientId);
  const week = patientRoundWeek(ctx.cache, patientId, ctx.now);
  if (week === null) {
    throw new WorkstationError('conflict', 'The patient is neither in a programme week nor at the follow-up');
  }
  ctx.cache.local.setRound(patientId, week, round);
  return { patientId, value: null, queued: false };
}

/**
 * A flag nobody has acknowledged means "contact the patient today": the patient cannot be done
 * for this round until someone has (acknowledged or resolved, also locally and not yet synced).
 */
const markDone: Implementation<'round.markDone'> = (ctx, req) => {
  requirePatient(ctx.cache, req.patientId);
  const unacknowledged = ctx.cache.records
    .ofPatient('flag', req.patientId)
    .filter((f) => f.status === 'open');
  if (unacknowledged.length > 0) {
    throw new WorkstationError(
      'conflict',
      `The patient has ${unacknowledged.length} unacknowledged flag(s): acknowledge them before marking done`,
    );
  }
  return setRound(ctx, req.patientId, { status: 'done', at: ctx.now.toISOString() });
};

const snooze: Implementation<'round.snooze'> = (ctx, req) => {
  const until = Date.parse(req.until);
  const now = ctx.now.getTime();
  if (!(until > now && until <= now + MAX_SNOOZE_MS)) {
    throw new WorkstationError('conflict', 'A patient can be snoozed for up to 14 days from now');
  }
  return setRound(ctx, req.patientId, {
    status: 'snoozed',
    until: new Date(until).toISOString(),
    since: ctx.now.toISOString(),
  });
};

/** Every action's workstation half: an action missing here fails to compile. */
export const actionImplementations: { [A in ActionName]: Implementation<A> } = {
  'draft.save': saveDraft,
  'draft.discard': discardDraft,
  'message.send': sendMessage,
  'message.markRead': markRead,
  'flag.acknowledge': acknowledge,
  'flag.resolve': resolve,
  'flag.raise': raise,
  'note.add': addNote,
  'feedback.markGiven': markFeedbackGiven,
  'record.open': openRecord,
  ...teamActions,
  'supervision.sample': sampleForSupervision,
  'round.markDone': markDone,
  'round.snooze': snooze,
  'round.reopen': (ctx, req) => setRound(ctx, req.patientId, { status: 'open' }),
  'sync.dismissRejected': (ctx, req) => {
    ctx.cache.outbox.dismissRejected(req.mutationId);
    return { patientId: null, value: null, queued: false };
  },
};
