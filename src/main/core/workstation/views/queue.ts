import {
  type PatientQueueState,
  type ProgrammeWeek,
  moduleDue,
  sortQueue,
} from '../../../../shared/clinical';
import type { QueueItem, QueueView, RoundState } from '../../../../shared/contracts/ipc';
import type { Cache } from '../../cache/cache';
import type { PatientSummary } from '../../cache/summaries';
import { weeksAt } from './programme';

const OPEN: RoundState = { status: 'open' };

/**
 * The round's queue: every patient in an active programme (only this therapist's when
 * `therapistId` is given; a team lead passes null for the whole cached scope), in the order of
 * the clinical rules. Reads the precomputed summaries plus drafts and round state: three scans,
 * whatever the caseload.
 */
export function readQueue(cache: Cache, therapistId: string | null, now: Date): QueueView {
  const rows = cache.summaries.active(therapistId);
  const drafts = cache.local.patientsWithDraft();
  const roundOf = cache.local.rounds();

  const weekOf = weeksAt(now);
  const states: PatientQueueState[] = [];
  const items = new Map<string, QueueItem>();
  for (const { patientId, summary } of rows) {
    const week = weekOf(summary.startDate);
    const round = typeof week === 'number' ? roundOf(patientId, week) : OPEN;
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
