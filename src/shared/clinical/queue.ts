import { PROGRAMME_WEEKS, type ProgrammeWeek } from './calendar';
import type { FlagSeverity } from './flags';

/**
 * The therapist's weekly round: who needs attention now, why, and in what order. Order: urgent
 * flags, risk flags, unanswered messages (oldest first), weekly feedback due, a follow-up answered
 * after the end, inactive for a week, ending within two weeks, no reason; then patients snoozed,
 * then those done this round.
 * An open flag always overrides "done" and "snoozed", and so does a message that arrived after
 * the patient was marked done or snoozed: nothing that came in later may sink down the list.
 * A snooze whose start is unknown is lifted by any waiting message, for the same reason.
 *
 * Ties within a bucket: the oldest relevant time first (flag raised, message sent, work handed
 * in, last activity, with never-active first), ending-soon by weeks left, snoozed by snooze end;
 * then patient id, so the order is total and independent of input order.
 *
 * Each entry gets a numeric sort key when it is built, so sorting a caseload compares numbers
 * and strings only; timestamps are parsed once per patient, never in the comparator.
 */

const DAY_MS = 86_400_000;
export const INACTIVE_AFTER_DAYS = 7;
/** Weeks 13 and 14 end within two weeks. */
export const ENDING_SOON_WEEKS = 2;
/** How far ahead a patient may be snoozed within a round. */
export const MAX_SNOOZE_DAYS = 14;

export interface PatientQueueState {
  patientId: string;
  /** Flags not yet acknowledged. */
  openFlags: readonly { severity: FlagSeverity; raisedAt: string }[];
  /** The patient's messages staff have not answered yet. */
  unansweredMessages: readonly { sentAt: string }[];
  /**
   * The follow-up questionnaire answered after the end (first submission); null when not answered.
   * The therapist reads it as they read a week's work: it waits until the round marks it done.
   */
  followUp: { submittedAt: string } | null;
  /** This programme week's symptom questionnaire. */
  weeklyQuestionnaire: { status: 'submitted'; submittedAt: string } | { status: 'not-submitted' };
  /** This programme week's module. */
  module:
    | { status: 'completed'; completedAt: string }
    | { status: 'in-progress' }
    | { status: 'not-started' }
    | { status: 'none-due' };
  /** The patient's last activity in the portal; null if there has been none. */
  lastActivityAt: string | null;
  programmeWeek: ProgrammeWeek;
  /** Where this patient stands in the therapist's current round. */
  round: RoundState;
}

/** A patient's place in the current round; `since`: when a snooze was set (a later message lifts it). */
export type RoundState =
  { status: 'open' } | { status: 'done'; at: string } | { status: 'snoozed'; until: string; since?: string };

export type QueueReason =
  | { code: 'urgent-flag'; count: number; oldestRaisedAt: string }
  | { code: 'risk-flag'; count: number; oldestRaisedAt: string }
  | { code: 'unanswered-messages'; count: number; oldestSentAt: string }
  | { code: 'feedback-due'; week: number; since: string }
  | { code: 'follow-up'; submittedAt: string }
  | { code: 'inactive'; lastActivityAt: string | null; days: number | null }
  | { code: 'ending-soon'; week: number; weeksLeft: number };

export type QueueBucket = QueueReason['code'] | 'no-reason' | 'snoozed' | 'done';

const bucketOrder: readonly QueueBucket[] = [
  'urgent-flag',
  'risk-flag',
  'unanswered-messages',
  'feedback-due',
  'follow-up',
  'inactive',
  'ending-soon',
  'no-reason',
  'snoozed',
  'done',
];

export interface QueueEntry {
  patientId: string;
  bucket: QueueBucket;
  /** Every reason for attention, most pressing first; a done patient keeps theirs for display. */
  reasons: QueueReason[];
  /** Position of the bucket in the order above. */
  rank: number;
  /** Within a bucket, smaller first: the oldest relevant time in ms, or weeks left. */
  tieKey: number;
}

interface Timed {
  at: string;
  ms: number;
}

function timed(at: string, what: string, patientId: string): Timed {
  const t = Date.parse(at);
  if (Number.isNaN(t)) throw new RangeError(`patient ${patientId}: ${what} "${at}" is not an instant`);
  return { at, ms: t };
}

function oldest(times: readonly Timed[]): Timed | null {
  let best: Timed | null = null;
  for (const t of times) if (!best || t.ms < best.ms) best = t;
  return best;
}

interface Keyed {
  reason: QueueReason;
  key: number;
}

/** Every timestamp of a state, parsed once. */
function parse(state: PatientQueueState) {
  const { patientId: id, weeklyQuestionnaire: q, module: m, round } = state;
  return {
    urgent: state.openFlags
      .filter((f) => f.severity === 'urgent')
      .map((f) => timed(f.raisedAt, 'flag raisedAt', id)),
    risk: state.openFlags
      .filter((f) => f.severity === 'risk')
      .map((f) => timed(f.raisedAt, 'flag raisedAt', id)),
    messages: state.unansweredMessages.map((msg) => timed(msg.sentAt, 'message sentAt', id)),
    followUp: state.followUp === null ? null : timed(state.followUp.submittedAt, 'follow-up submittedAt', id),
    work: [
      ...(q.status === 'submitted' ? [timed(q.submittedAt, 'questionnaire submittedAt', id)] : []),
      ...(m.status === 'completed' ? [timed(m.completedAt, 'module completedAt', id)] : []),
    ],
    lastActivity: state.lastActivityAt === null ? null : timed(state.lastActivityAt, 'lastActivityAt', id),
    doneAt: round.status === 'done' ? timed(round.at, 'round done at', id).ms : null,
    snooze:
      round.status === 'snoozed'
        ? {
            until: timed(round.until, 'snoozed until', id).ms,
            since:
              round.since === undefined
                ? Number.NEGATIVE_INFINITY
                : timed(round.since, 'snoozed since', id).ms,
          }
        : null,
  };
}
type Parsed = ReturnType<typeof parse>;

function keyedReasons(state: PatientQueueState, t: Parsed, nowMs: number): Keyed[] {
  const week = state.programmeWeek;
  const out: Keyed[] = [];
  for (const [code, flags] of [
    ['urgent-flag', t.urgent],
    ['risk-flag', t.risk],
  ] as const) {
    const o = oldest(flags);
    if (o) out.push({ reason: { code, count: flags.length, oldestRaisedAt: o.at }, key: o.ms });
  }
  const message = oldest(t.messages);
  if (message) {
    out.push({
      reason: { code: 'unanswered-messages', count: t.messages.length, oldestSentAt: message.at },
      key: message.ms,
    });
  }
  if (t.followUp && state.round.status !== 'done') {
    out.push({ reason: { code: 'follow-up', submittedAt: t.followUp.at }, key: t.followUp.ms });
  }
  if (typeof week !== 'number') return out;

  // Feedback is due once the patient has done this week's work and the round is not done.
  const since = oldest(t.work);
  if (since && state.round.status !== 'done') {
    out.push({ reason: { code: 'feedback-due', week, since: since.at }, key: since.ms });
  }

  // Never active counts as inactive once the first week is over.
  const last = t.lastActivity;
  if (last === null ? week > 1 : nowMs - last.ms >= INACTIVE_AFTER_DAYS * DAY_MS) {
    out.push({
      reason: {
        code: 'inactive',
        lastActivityAt: last?.at ?? null,
        days: last === null ? null : Math.floor((nowMs - last.ms) / DAY_MS),
      },
      key: last?.ms ?? Number.NEGATIVE_INFINITY,
    });
  }

  const weeksLeft = PROGRAMME_WEEKS - week + 1;
  if (weeksLeft <= ENDING_SOON_WEEKS) {
    out.push({ reason: { code: 'ending-soon', week, weeksLeft }, key: weeksLeft });
  }
  return out;
}

/** Why a patient needs attention now, most pressing first; empty when nothing does. */
export function queueReasons(state: PatientQueueState, now: Date): QueueReason[] {
  return keyedReasons(state, parse(state), now.getTime()).map((k) => k.reason);
}

/** A patient set aside this round (done, snoozed) comes back up for a message sent since. */
function unlessLifted(t: Parsed, setAsideAt: number, aside: [QueueBucket, number]): [QueueBucket, number] {
  const later = oldest(t.messages.filter((msg) => msg.ms > setAsideAt));
  return later ? ['unanswered-messages', later.ms] : aside;
}

function place(t: Parsed, reasons: Keyed[], nowMs: number): [QueueBucket, number] {
  const flag = reasons.find((k) => k.reason.code === 'urgent-flag' || k.reason.code === 'risk-flag');
  if (flag) return [flag.reason.code, flag.key];
  if (t.doneAt !== null) return unlessLifted(t, t.doneAt, ['done', 0]);
  if (t.snooze !== null && nowMs < t.snooze.until) {
    return unlessLifted(t, t.snooze.since, ['snoozed', t.snooze.until]);
  }
  const top = reasons[0];
  if (top) return [top.reason.code, top.key];
  return ['no-reason', t.lastActivity?.ms ?? Number.NEGATIVE_INFINITY];
}

/** A patient's place in the round, with its sort key computed once. */
export function queueEntry(state: PatientQueueState, now: Date): QueueEntry {
  const nowMs = now.getTime();
  const t = parse(state);
  const reasons = keyedReasons(state, t, nowMs);
  const [bucket, tieKey] = place(t, reasons, nowMs);
  return {
    patientId: state.patientId,
    bucket,
    reasons: reasons.map((k) => k.reason),
    rank: bucketOrder.indexOf(bucket),
    tieKey,
  };
}

/** Total order on entries: bucket, then the bucket's tie key, then patient id. */
export function compareQueueEntries(a: QueueEntry, b: QueueEntry): number {
  if (a.rank !== b.rank) return a.rank - b.rank;
  if (a.tieKey !== b.tieKey) return a.tieKey < b.tieKey ? -1 : 1;
  if (a.patientId === b.patientId) return 0;
  return a.patientId < b.patientId ? -1 : 1;
}

export function sortQueue(states: readonly PatientQueueState[], now: Date): QueueEntry[] {
  return states.map((s) => queueEntry(s, now)).sort(compareQueueEntries);
}
