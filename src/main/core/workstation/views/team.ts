import { addDays, localDateOf, median, replyOverdue } from '../../../../shared/clinical';
import type {
  RiskFlagRow,
  TeamPatient,
  TeamView,
  TherapistLoad,
  WaitingPatient,
} from '../../../../shared/contracts/ipc';
import type { Cache } from '../../cache/cache';
import type { SummaryEntry } from '../../cache/summaries';
import { patientsAwaitingDecision } from '../teamActions';
import { weeksAt } from './programme';
import { readSupervision, readTeamTime } from './team-time';

/** How far ahead the starts and ends look. */
export const HORIZON_DAYS = 14;
/** Median reply times look this far back. */
export const REPLY_WINDOW_DAYS = 28;
/** A flag nobody has acknowledged for this long is highlighted on the risk board. */
export const UNACKNOWLEDGED_ALERT_HOURS = 24;
/** MADRS-S at or above this total excludes from the depression programme (severe depression). */
export const MADRS_EXCLUSION_TOTAL = 35;

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

type Counted = Omit<TherapistLoad, 'staffId' | 'displayName' | 'active'>;

const emptyLoad = (): Counted => ({
  caseload: 0,
  capacity: 0,
  openFlags: { risk: 0, urgent: 0 },
  overdueReplies: 0,
  startsSoon: 0,
  endsSoon: 0,
  round: { due: 0, done: 0 },
  medianReplyHours: null,
  lists: { caseload: [], flagged: [], overdueReplies: [], startsSoon: [], endsSoon: [], roundOpen: [] },
});

/**
 * The team lead's screens over every patient cached (their teams' patients, most as oversight data
 * only): capacity per therapist and for the team, the risk board, the waiting list, and the
 * patients behind every number. `staffId` is the user, whose grants say which records are open;
 * a message counts as overdue after the clinic's reply deadline (clinic-settings.ts).
 */
export function readTeamView(
  cache: Cache,
  now: Date,
  staffId: string,
  replyDeadlineWorkingDays: number,
): TeamView {
  const entries = cache.summaries.all();
  const weekOf = weeksAt(now);
  const today = localDateOf(now);
  const horizon = addDays(today, HORIZON_DAYS);
  const within = (date: string | null) => date !== null && date >= today && date <= horizon;
  const replySince = new Date(now.getTime() - REPLY_WINDOW_DAYS * DAY_MS).toISOString();
  const staffNames = new Map(cache.records.all('staff').map((s) => [s.id, s.displayName]));
  const openUntil = new Map<string, string>();
  for (const grant of cache.records.all('accessGrant')) {
    if (grant.staffId !== staffId || Date.parse(grant.expiresAt) <= now.getTime()) continue;
    const later = openUntil.get(grant.patientId);
    if (!later || later < grant.expiresAt) openUntil.set(grant.patientId, grant.expiresAt);
  }

  const deciding = patientsAwaitingDecision(cache);
  const patients: Record<string, TeamPatient> = {};
  /** Counted once per patient: a therapist's load and the team's both add it. */
  const overdueReplies = new Map<string, number>();
  for (const { patientId, summary } of entries) {
    overdueReplies.set(
      patientId,
      summary.unanswered.filter((sentAt) => replyOverdue(sentAt, now, replyDeadlineWorkingDays)).length,
    );
    patients[patientId] = {
      patientId,
      name: summary.name,
      programme: summary.programme,
      status: summary.enrolmentStatus,
      programmeWeek: weekOf(summary.startDate),
      therapistId: summary.therapistId,
      therapistName: summary.therapistId ? (staffNames.get(summary.therapistId) ?? null) : null,
      startDate: summary.startDate,
      plannedEndDate: summary.plannedEndDate,
      openFlags: {
        risk: summary.openFlags.filter((f) => f.severity === 'risk').length,
        urgent: summary.openFlags.filter((f) => f.severity === 'urgent').length,
      },
      unanswered: summary.unanswered.length,
      access: summary.access,
      openUntil: openUntil.get(patientId) ?? null,
      decisionPending: deciding.has(patientId),
    };
  }

  /** Adds one patient to a load: each number and the list behind it. */
  const count = (load: Counted, { patientId, summary }: SummaryEntry, replyHours: number[]) => {
    const patient = patients[patientId]!;
    const lists = load.lists;
    if (summary.enrolmentStatus === 'active') {
      load.caseload += 1;
      lists.caseload.push(patientId);
      load.openFlags.risk += patient.openFlags.risk;
      load.openFlags.urgent += patient.openFlags.urgent;
      if (summary.openFlags.length > 0) lists.flagged.push(patientId);
      const overdue = overdueReplies.get(patientId) ?? 0;
      load.overdueReplies += overdue;
      if (overdue > 0) lists.overdueReplies.push(patientId);
      if (within(summary.plannedEndDate)) {
        load.endsSoon += 1;
        lists.endsSoon.push(patientId);
      }
      const week = patient.programmeWeek;
      if (typeof week === 'number') {
        load.round.due += 1;
        if (summary.feedbackWeeks.includes(week)) load.round.done += 1;
        else lists.roundOpen.push(patientId);
      }
      for (const [sentAt, answeredAt] of summary.replies) {
        if (answeredAt >= replySince)
          replyHours.push((Date.parse(answeredAt) - Date.parse(sentAt)) / HOUR_MS);
      }
    }
    const starting = summary.enrolmentStatus !== 'completed' && summary.enrolmentStatus !== 'discontinued';
    if (starting && within(summary.startDate)) {
      load.startsSoon += 1;
      lists.startsSoon.push(patientId);
    }
  };

  const collator = new Intl.Collator('nb');
  const byName = (a: string, b: string) => collator.compare(patients[a]!.name, patients[b]!.name);
  const finish = (load: Counted, replyHours: number[]) => {
    load.medianReplyHours = median(replyHours);
    for (const list of Object.values(load.lists)) list.sort(byName);
  };

  const totals = emptyLoad();
  const teamReplyHours: number[] = [];
  const entriesOf = new Map<string | null, SummaryEntry[]>();
  for (const entry of entries) {
    const mine = entriesOf.get(entry.summary.therapistId);
    if (mine) mine.push(entry);
    else entriesOf.set(entry.summary.therapistId, [entry]);
  }
  const therapists: TherapistLoad[] = cache.records
    .all('staff')
    .filter((s) => s.role === 'therapist')
    .map((staff) => {
      const load = {
        staffId: staff.id,
        displayName: staff.displayName,
        active: staff.active,
        ...emptyLoad(),
      };
      load.capacity = staff.caseloadCapacity;
      const replyHours: number[] = [];
      for (const entry of entriesOf.get(staff.id) ?? []) count(load, entry, replyHours);
      finish(load, replyHours);
      teamReplyHours.push(...replyHours);
      return load;
    })
    .sort((a, b) => a.displayName.localeCompare(b.displayName));
  for (const entry of entries) count(totals, entry, []);
  totals.capacity = therapists.reduce((sum, t) => sum + t.capacity, 0);
  finish(totals, teamReplyHours);

  return {
    at: now.toISOString(),
    replyDeadlineWorkingDays,
    therapists,
    totals,
    patients,
    riskBoard: riskBoard(cache, now, staffNames),
    waitingList: waitingList(entries),
    teams: cache.records.all('team').sort((a, b) => a.name.localeCompare(b.name)),
    time: readTeamTime(cache, now),
    supervision: readSupervision(cache, now, staffId),
  };
}

/** Every flag not yet resolved: urgent first, then the oldest first. */
function riskBoard(cache: Cache, now: Date, staffNames: ReadonlyMap<string, string>): RiskFlagRow[] {
  const alertBefore = now.getTime() - UNACKNOWLEDGED_ALERT_HOURS * HOUR_MS;
  return cache.records
    .all('flag')
    .flatMap((flag): RiskFlagRow[] =>
      flag.status === 'resolved'
        ? []
        : [
            {
              flagId: flag.id,
              patientId: flag.patientId,
              severity: flag.severity,
              reasonCode: flag.reasonCode,
              status: flag.status,
              raisedAt: flag.raisedAt,
              acknowledgedAt: flag.acknowledgedAt,
              acknowledgedByName: flag.acknowledgedBy ? (staffNames.get(flag.acknowledgedBy) ?? null) : null,
              overdue: flag.status === 'open' && Date.parse(flag.raisedAt) < alertBefore,
            },
          ],
    )
    .sort(
      (a, b) =>
        Number(b.severity === 'urgent') - Number(a.severity === 'urgent') ||
        a.raisedAt.localeCompare(b.raisedAt),
    );
}

/** Referred and assessed patients, with their prescreening scores and exclusion signals. */
function waitingList(entries: readonly SummaryEntry[]): WaitingPatient[] {
  return entries
    .filter((e) => e.summary.enrolmentStatus === 'referred' || e.summary.enrolmentStatus === 'assessment')
    .sort(
      (a, b) =>
        (a.summary.startDate ?? '\uffff').localeCompare(b.summary.startDate ?? '\uffff') ||
        a.summary.name.localeCompare(b.summary.name),
    )
    .map(({ patientId, summary }) => {
      const scores = summary.latestScores.filter((score) => score.week === 0);
      const signals: WaitingPatient['signals'] = [];
      if (scores.some((s) => s.instrumentId === 'madrs-s' && s.total >= MADRS_EXCLUSION_TOTAL))
        signals.push('severe-depression');
      if (summary.openFlags.length > 0) signals.push('risk-flag');
      return { patientId, scores, signals };
    });
}
