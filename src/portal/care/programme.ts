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

/** The patient's active enrolment and where they are in it, by the shared programme calendar. */
export async function activeProgramme(db: Queryable, patientId: string, now: Date): Promise<ProgrammeState> {
  const [enrolment] = await selectRecords(
    db,
    'enrolment',
    "patient_id = $1 AND status = 'active' ORDER BY start_date DESC NULLS LAST LIMIT 1",
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
