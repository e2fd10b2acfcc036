import {
  FOLLOW_UP_WEEK,
  isFollowUpWeek,
  type ProgrammeWeek,
  programmeWeek,
} from '../../../../shared/clinical';
import type { Enrolment } from '../../../../shared/contracts/domain';
import type { Cache } from '../../cache/cache';

/** The programme week of an enrolment that may not have started; null without a start date. */
export function weekOf(startDate: string | null, now: Date): ProgrammeWeek | null {
  return startDate === null ? null : programmeWeek(startDate, now);
}

/**
 * The week a patient's round state is kept under: the programme week, or FOLLOW_UP_WEEK once the
 * programme has ended and the follow-up is answered (the round reads it like a week's work); null
 * when neither applies.
 */
export function roundWeekOf(week: ProgrammeWeek | null, followUpAnswered: boolean): number | null {
  if (typeof week === 'number') return week;
  return week === 'ended' && followUpAnswered ? FOLLOW_UP_WEEK : null;
}

/** The enrolment a patient's screens are about: the active one, else the most recently changed. */
export function currentEnrolmentOf<E extends Enrolment>(enrolments: readonly E[]): E | null {
  const active = enrolments.find((e) => e.status === 'active');
  if (active) return active;
  return enrolments.reduce<E | null>(
    (latest, e) => (latest && latest.updatedAt > e.updatedAt ? latest : e),
    null,
  );
}

/** roundWeekOf for one cached patient: their current enrolment, and whether its follow-up is answered. */
export function patientRoundWeek(cache: Cache, patientId: string, now: Date): number | null {
  const enrolment = currentEnrolmentOf(cache.records.ofPatient('enrolment', patientId));
  if (!enrolment) return null;
  const followUpAnswered = cache.records
    .ofPatient('questionnaireResponse', patientId)
    .some((r) => r.enrolmentId === enrolment.id && isFollowUpWeek(r.week));
  return roundWeekOf(weekOf(enrolment.startDate, now), followUpAnswered);
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
