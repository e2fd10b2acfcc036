import { recentIsoWeeks } from '../../../../shared/clinical';
import type { PatientTime, SupervisionOpening, TeamTimeView } from '../../../../shared/contracts/ipc';
import type { Cache } from '../../cache/cache';

/** The capacity screen shows therapist time over this many ISO weeks, this one last. */
export const TIME_WEEKS = 4;
/**
 * Therapist minutes per patient per week that published routine-care iCBT clinics report: shown
 * beside the measured minutes as a reference, not a target.
 */
export const PUBLISHED_MINUTES_PER_PATIENT = { min: 10, max: 20 } as const;

interface MeasuredTime {
  staffId: string;
  patientId: string;
  week: string;
  seconds: number;
}

/**
 * Every measured time cached, once per therapist, patient and week: overseen patients bring theirs
 * in their overview; records open to the user, as records.
 */
function measuredTimes(cache: Cache): MeasuredTime[] {
  const times = new Map<string, MeasuredTime>();
  const add = (staffId: string, patientId: string, week: string, seconds: number) => {
    const key = `${staffId}:${patientId}:${week}`;
    if ((times.get(key)?.seconds ?? -1) < seconds) times.set(key, { staffId, patientId, week, seconds });
  };
  for (const time of cache.records.all('therapistTime'))
    add(time.staffId, time.patientId, time.week, time.seconds);
  for (const { patientId, time } of cache.records.overviewTimes()) {
    for (const [staffId, week, seconds] of time) add(staffId, patientId, week, seconds);
  }
  return [...times.values()].filter((time) => time.seconds > 0);
}

/**
 * Each therapist's measured active time on their patients in each of the last four ISO weeks: the
 * week's seconds, over how many patients (minutes per patient are the one over the other).
 */
export function readTeamTime(cache: Cache, now: Date): TeamTimeView {
  const weeks = recentIsoWeeks(now, TIME_WEEKS);
  const rows = new Map(
    cache.records
      .all('staff')
      .filter((s) => s.role === 'therapist')
      .sort((a, b) => a.displayName.localeCompare(b.displayName))
      .map((s) => [
        s.id,
        {
          staffId: s.id,
          displayName: s.displayName,
          weeks: weeks.map((week) => ({ week, seconds: 0, patients: 0 })),
        },
      ]),
  );
  for (const time of measuredTimes(cache)) {
    const week = rows.get(time.staffId)?.weeks[weeks.indexOf(time.week)];
    if (!week) continue;
    week.seconds += time.seconds;
    week.patients += 1;
  }
  return { weeks, reference: PUBLISHED_MINUTES_PER_PATIENT, therapists: [...rows.values()] };
}

/** The patients behind one therapist's week, most time first (the drill-down, asked for on demand). */
export function readTeamTimePatients(cache: Cache, staffId: string, week: string): PatientTime[] {
  return measuredTimes(cache)
    .filter((time) => time.staffId === staffId && time.week === week)
    .map(({ patientId, seconds }) => ({ patientId, seconds }))
    .sort((a, b) => b.seconds - a.seconds);
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
