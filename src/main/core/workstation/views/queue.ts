import {
  type PatientQueueState,
  type ProgrammeWeek,
  moduleDue,
  sortQueue,
} from '../../../../shared/clinical';
import type { QueueItem, QueueView, RoundState } from '../../../../shared/contracts/ipc';
import type { Cache } from '../../cache/cache';
import type { PatientSummary } from '../../cache/summaries';
import { roundWeekOf, weeksAt } from './programme';

const OPEN: RoundState = { status: 'open' };
const DAY_MS = 86_400_000;
/** A follow-up marked done stays in the queue (as done) this long, then leaves it: its programme is over. */
export const FOLLOW_UP_DONE_SHOWN_DAYS = 7;

/**
 * The round's queue: every patient in an active programme, and outside one every patient with an
 * open flag or a follow-up answered after the end that this round has not finished with (only
 * this therapist's when `therapistId` is given; a team lead passes null for the whole cached
 * scope), in the order of the clinical rules. Reads the precomputed summaries plus drafts and
 * round state: three scans, whatever the caseload.
 */
export function readQueue(cache: Cache, therapistId: string | null, now: Date): QueueView {
  const rows = cache.summaries.inRound(therapistId);
  const drafts = cache.local.patientsWithDraft();
  const roundOf = cache.local.rounds();

  const weekOf = weeksAt(now);
  const states: PatientQueueState[] = [];
  const items = new Map<string, QueueItem>();
  for (const { patientId, summary } of rows) {
    const week = weekOf(summary.startDate);
    const roundWeek = roundWeekOf(week, summary.followUpAt !== null);
    const round = roundWeek === null ? OPEN : roundOf(patientId, roundWeek);
    if (summary.enrolmentStatus !== 'active' && !stillInRound(summary, round, now)) continue;
    states.push(queueState(patientId, summary, week ?? 'not-started', round));
    items.set(patientId, {
      patientId,
      name: summary.name,
      programme: summary.programme,
      programmeWeek: week,
      bucket: 'no-reason',
      reasons: [],
      openFlags: {
        risk: summary.openFlags.filter((f) => f.severity === 'risk').length,
        urgent: summary.openFlags.filter((f) => f.severity === 'urgent').length,
      },
      unreadMessages: summary.unread,
      latestScores: summary.latestScores,
      hasDraft: drafts.has(patientId),
      round,
    });
  }
  return {
    at: now.toISOString(),
    items: sortQueue(states, now).map((entry) => ({
      ...(items.get(entry.patientId) as QueueItem),
      bucket: entry.bucket,
      reasons: entry.reasons,
    })),
  };
}

/** Outside an active programme: an open flag keeps a patient in; a follow-up until a week after done. */
function stillInRound(summary: PatientSummary, round: RoundState, now: Date): boolean {
  if (summary.openFlags.length > 0) return true;
  if (summary.followUpAt === null) return false;
  return round.status !== 'done' || now.getTime() - Date.parse(round.at) < FOLLOW_UP_DONE_SHOWN_DAYS * DAY_MS;
}

function queueState(
  patientId: string,
  s: PatientSummary,
  week: ProgrammeWeek,
  round: RoundState,
): PatientQueueState {
  const thisWeek = typeof week === 'number' ? week : null;
  const submittedAt = thisWeek === null ? undefined : s.responseWeeks[thisWeek];
  const slot = thisWeek === null ? null : moduleDue(s.programme, thisWeek);
  const progress = slot ? s.modules[slot.moduleNo] : undefined;
  return {
    patientId,
    openFlags: s.openFlags,
    unansweredMessages: s.unanswered.map((sentAt) => ({ sentAt })),
    // Only after the end: an active programme's questionnaires are its weeks'.
    followUp: week === 'ended' && s.followUpAt !== null ? { submittedAt: s.followUpAt } : null,
    weeklyQuestionnaire: submittedAt ? { status: 'submitted', submittedAt } : { status: 'not-submitted' },
    module: !slot
      ? { status: 'none-due' }
      : progress?.completedAt
        ? { status: 'completed', completedAt: progress.completedAt }
        : progress?.openedAt
          ? { status: 'in-progress' }
          : { status: 'not-started' },
    lastActivityAt: s.lastActivityAt,
    programmeWeek: week,
    round,
  };
}
