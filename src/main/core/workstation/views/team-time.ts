import { recentIsoWeeks } from '../../../../shared/clinical';
import type { SupervisionOpening, TeamTimeView } from '../../../../shared/contracts/ipc';
import type { Cache } from '../../cache/cache';

/** The capacity screen shows therapist time over this many ISO weeks, this one last. */
export const TIME_WEEKS = 4;
/**
 * Therapist minutes per patient per week that published routine-care iCBT clinics report: shown
 * beside the measured minutes as a reference, not a target.
 */
export const PUBLISHED_MINUTES_PER_PATIENT = { min: 10, max: 20 } as const;

/**
 * Each therapist's measured active time on their patients in each of the last four ISO weeks: the
 * week's seconds, and the patients behind them. Minutes per patient are the week's total over the
 * patients worked on that week.
 */
export function readTeamTime(cache: Cache, now: Date): TeamTimeView {
  const weeks = recentIsoWeeks(now, TIME_WEEKS);
  const therapists = cache.records
    .all('staff')
    .filter((s) => s.role === 'therapist')
    .sort((a, b) => a.displayName.localeCompare(b.displayName));
  const rows = new Map(
    therapists.map((s) => [
      s.id,
      {
        staffId: s.id,
        displayName: s.displayName,
        weeks: weeks.map((week) => ({
          week,
          seconds: 0,
          patients: [] as { patientId: string; seconds: number }[],
        })),
      },
    ]),
  );
  // Overseen patients bring their time in their overview; records open to the user, as records.
  const times = new Map<string, { staffId: string; patientId: string; week: string; seconds: number }>();
  const add = (staffId: string, patientId: string, week: string, seconds: number) => {
    const key = `${staffId}:${patientId}:${week}`;
    if ((times.get(key)?.seconds ?? -1) < seconds) times.set(key, { staffId, patientId, week, seconds });
  };
  for (const time of cache.records.all('therapistTime'))
    add(time.staffId, time.patientId, time.week, time.seconds);
  for (const { patientId, time } of cache.records.overviewTimes()) {
    for (const [staffId, week, seconds] of time) add(staffId, patientId, week, seconds);
  }
  for (const time of times.values()) {
    const week = rows.get(time.staffId)?.weeks[weeks.indexOf(time.week)];
    if (!week || time.seconds === 0) continue;
    week.seconds += time.seconds;
    week.patients.push({ patientId: time.patientId, seconds: time.seconds });
  }
  for (const row of rows.values())
    for (const week of row.weeks) week.patients.sort((a, b) => b.seconds - a.seconds);
  return { weeks, reference: PUBLISHED_MINUTES_PER_PATIENT, therapists: [...rows.values()] };
}

/** The records open to the user for supervision (the sampled messages' patients), until when. */
export function readSupervision(cache: Cache, now: Date, staffId: string): SupervisionOpening[] {
  const until = new Map<string, string>();
  for (const grant of cache.records.all('accessGrant')) {
    if (grant.staffId !== staffId || grant.reason !== 'supervision') continue;
    if (Date.parse(grant.expiresAt) <= now.getTime()) continue;
    const later = until.get(grant.patientId);
    if (!later || later < grant.expiresAt) until.set(grant.patientId, grant.expiresAt);
  }
  return [...until].map(([patientId, expiresAt]) => ({ patientId, expiresAt }));
}
