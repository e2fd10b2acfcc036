import { addDays, localDateOf } from '../../../../shared/clinical';
import type { TeamPatientRef, TeamView, TherapistLoad } from '../../../../shared/contracts/ipc';
import type { Cache } from '../../cache/cache';
import type { SummaryEntry } from '../../cache/summaries';

/**
 * A patient's message unanswered for longer than this is overdue. Our assumption: the service
 * answers within the weekly round, and three days is when a team lead should start to look.
 */
export const REPLY_DEADLINE_DAYS = 3;
/** How far ahead the starts and ends lists look. */
export const HORIZON_DAYS = 14;

const DAY_MS = 86_400_000;

/** The team lead's view over every patient cached: load per therapist, waiting list, starts and ends. */
export function readTeamView(cache: Cache, now: Date): TeamView {
  const entries = cache.summaries.all();
  const overdueBefore = new Date(now.getTime() - REPLY_DEADLINE_DAYS * DAY_MS).toISOString();
  const today = localDateOf(now);
  const horizon = addDays(today, HORIZON_DAYS);
  const within = (date: string | null) => date !== null && date >= today && date <= horizon;
  const ref = ({ patientId, summary }: SummaryEntry, date: string | null): TeamPatientRef => ({
    patientId,
    name: summary.name,
    programme: summary.programme,
    therapistId: summary.therapistId,
    date,
  });
  const byDate = (a: TeamPatientRef, b: TeamPatientRef) =>
    (a.date ?? '\uffff').localeCompare(b.date ?? '\uffff') || a.name.localeCompare(b.name);
  const active = entries.filter((e) => e.summary.enrolmentStatus === 'active');

  const therapists: TherapistLoad[] = cache.records
    .all('staff')
    .filter((s) => s.role === 'therapist')
    .map((staff) => {
      const theirs = active.filter((e) => e.summary.therapistId === staff.id);
      const flags = theirs.flatMap((e) => e.summary.openFlags);
      return {
        staffId: staff.id,
        displayName: staff.displayName,
        active: staff.active,
        caseload: theirs.length,
        capacity: staff.caseloadCapacity,
        openFlags: {
          risk: flags.filter((f) => f.severity === 'risk').length,
          urgent: flags.filter((f) => f.severity === 'urgent').length,
        },
        overdueReplies: theirs.reduce(
          (n, e) => n + e.summary.unanswered.filter((t) => t < overdueBefore).length,
          0,
        ),
      };
    })
    .sort((a, b) => a.displayName.localeCompare(b.displayName));

  return {
    at: now.toISOString(),
    replyDeadlineDays: REPLY_DEADLINE_DAYS,
    therapists,
    waitingList: entries
      .filter((e) => e.summary.enrolmentStatus === 'referred' || e.summary.enrolmentStatus === 'assessment')
      .map((e) => ref(e, e.summary.startDate))
      .sort(byDate),
    startingSoon: entries
      .filter(
        (e) => e.summary.enrolmentStatus !== 'completed' && e.summary.enrolmentStatus !== 'discontinued',
      )
      .filter((e) => within(e.summary.startDate))
      .map((e) => ref(e, e.summary.startDate))
      .sort(byDate),
    endingSoon: active
      .filter((e) => within(e.summary.plannedEndDate))
      .map((e) => ref(e, e.summary.plannedEndDate))
      .sort(byDate),
  };
}
