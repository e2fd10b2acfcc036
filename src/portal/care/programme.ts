import { moduleSchedules, programmeCalendar, type ProgrammeWeek } from '../../shared/clinical/index';
import type { Enrolment } from '../../shared/contracts/domain';
import type { Queryable } from '../db/db';
import { HttpError } from '../errors';
import { selectRecords } from '../sync/records';

export interface ProgrammeState {
  enrolment: Enrolment;
  week: ProgrammeWeek;
  /** Modules the patient may open now: those due up to this week's module. */
  availableModules: number;
}

/**
 * The patient's active enrolment and where they are in it, by the shared programme calendar.
 * `lock` holds the enrolment row until the transaction ends, serialising a patient's submissions.
 */
export async function activeProgramme(
  db: Queryable,
  patientId: string,
  now: Date,
  lock = false,
): Promise<ProgrammeState> {
  const [enrolment] = await selectRecords(
    db,
    'enrolment',
    `patient_id = $1 AND status = 'active'${lock ? ' FOR UPDATE' : ''}`,
    [patientId],
  );
  if (!enrolment) throw new HttpError(409, 'no_active_programme', 'no active programme');
  if (!enrolment.startDate) return { enrolment, week: 'not-started', availableModules: 0 };
  const calendar = programmeCalendar(enrolment.programme, enrolment.startDate, now);
  const schedule = moduleSchedules[enrolment.programme];
  const availableModules =
    calendar.week === 'not-started' ? 0 : (calendar.module?.moduleNo ?? schedule.length);
  return { enrolment, week: calendar.week, availableModules };
}

/** The week a questionnaire submitted now belongs to: 0 (the baseline) before the start. */
export function questionnaireWeek(state: ProgrammeState): number {
  if (state.week === 'ended') throw new HttpError(409, 'programme_ended', 'the programme has ended');
  return state.week === 'not-started' ? 0 : state.week;
}
