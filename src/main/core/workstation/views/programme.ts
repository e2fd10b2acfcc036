import { type ProgrammeWeek, programmeWeek } from '../../../../shared/clinical';
import type { Cache } from '../../cache/cache';

/** The programme week of an enrolment that may not have started; null without a start date. */
export function weekOf(startDate: string | null, now: Date): ProgrammeWeek | null {
  return startDate === null ? null : programmeWeek(startDate, now);
}

/**
 * weekOf for many enrolments at one instant. Computing a week costs a time-zone conversion, and
 * patients start in weekly intakes, so a caseload has few distinct start dates: remember them.
 */
export function weeksAt(now: Date): (startDate: string | null) => ProgrammeWeek | null {
  const known = new Map<string, ProgrammeWeek>();
  return (startDate) => {
    if (startDate === null) return null;
    let week = known.get(startDate);
    if (week === undefined) known.set(startDate, (week = programmeWeek(startDate, now)));
    return week;
  };
}

/** "Given Family", the way the workstation names a patient everywhere. */
export function displayName(patient: { givenName: string; familyName: string }): string {
  return `${patient.givenName} ${patient.familyName}`;
}

/** A cached patient's name as the queue shows it; null when the patient is not in the cache. */
export function patientName(cache: Cache, patientId: string | null): string | null {
  const patient = patientId === null ? null : cache.records.get('patient', patientId);
  return patient ? displayName(patient) : null;
}
