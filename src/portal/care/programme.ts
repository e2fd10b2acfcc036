import {
  FOLLOW_UP_WEEK,
  followUpDate,
  localDateOf,
  moduleSchedules,
  programmeCalendar,
  type ProgrammeWeek,
} from '../../shared/clinical/index';
import type { Enrolment } from '../../shared/contracts/domain';
import type { Queryable } from '../db/db';
import { CareError } from './errors';
import { loadPatientRecords, selectRecords } from '../data/records';

const noActiveProgramme = () =>
  new CareError('conflict', 'no active programme', { code: 'no_active_programme' });

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
  if (!enrolment) throw noActiveProgramme();
  return programmeState(enrolment, now);
}

function programmeState(enrolment: Enrolment, now: Date): ProgrammeState {
  if (!enrolment.startDate) return { enrolment, week: 'not-started', availableModules: 0 };
  const calendar = programmeCalendar(enrolment.programme, enrolment.startDate, now);
  const schedule = moduleSchedules[enrolment.programme];
  const availableModules =
    calendar.week === 'not-started' ? 0 : (calendar.module?.moduleNo ?? schedule.length);
  return { enrolment, week: calendar.week, availableModules };
}

/** Enrolments still waiting to start: the referral is being assessed. */
const WAITING = ['referred', 'assessment'] as const;

/**
 * When a questionnaire is answered now and for which enrolment: the week of an active
 * programme (0, the baseline, before its start), prescreening (week 0) for a patient referred or
 * in assessment, or the follow-up (FOLLOW_UP_WEEK) once a programme has ended and its follow-up
 * date has come.
 */
export interface QuestionnaireOccasion {
  kind: 'weekly' | 'prescreening' | 'follow-up';
  enrolment: Enrolment;
  week: number;
}

export async function questionnaireOccasion(
  db: Queryable,
  patientId: string,
  now: Date,
  lock = false,
): Promise<QuestionnaireOccasion> {
  // An active programme first, then one waiting to start, then the latest that was completed.
  const [enrolment] = await selectRecords(
    db,
    'enrolment',
    `patient_id = $1 AND status IN ('active', 'referred', 'assessment', 'completed')
      ORDER BY status = 'active' DESC, status = 'completed', updated_at DESC LIMIT 1${lock ? ' FOR UPDATE' : ''}`,
    [patientId],
  );
  if (!enrolment) throw noActiveProgramme();
  if ((WAITING as readonly string[]).includes(enrolment.status)) {
    return { kind: 'prescreening', enrolment, week: 0 };
  }
  const week = enrolment.status === 'active' ? programmeState(enrolment, now).week : 'ended';
  if (week !== 'ended') return { kind: 'weekly', enrolment, week: week === 'not-started' ? 0 : week };
  const opens = followUpDate(enrolment);
  // The follow-up is offered from its date on, not before; a late answer is still taken.
  if (opens === null || localDateOf(now) < opens) {
    throw new CareError('conflict', 'the programme has ended and its follow-up is not due yet', {
      code: 'programme_ended',
      details: { followUpFrom: opens },
    });
  }
  return { kind: 'follow-up', enrolment, week: FOLLOW_UP_WEEK };
}

/**
 * The enrolment the patient's pages are about: the active one, else one waiting to start, else
 * the most recent that ended. Null for a patient with none.
 */
export async function currentEnrolment(db: Queryable, patientId: string): Promise<Enrolment | null> {
  const [enrolment] = await selectRecords(
    db,
    'enrolment',
    `patient_id = $1 AND status <> 'discontinued'
      ORDER BY CASE status WHEN 'active' THEN 0 WHEN 'assessment' THEN 1 WHEN 'referred' THEN 2 ELSE 3 END,
               start_date DESC NULLS LAST, updated_at DESC
      LIMIT 1`,
    [patientId],
  );
  return enrolment ?? null;
}

export interface ModuleOverview {
  moduleNo: number;
  title: string;
  summary: string;
  dueWeek: number;
  available: boolean;
  openedAt: string | null;
  completedAt: string | null;
}

/** The active programme's modules with the patient's progress in each. */
export async function programmeOverview(
  tx: Queryable,
  patientId: string,
  now: Date,
): Promise<ProgrammeState & { modules: ModuleOverview[] }> {
  const state = await activeProgramme(tx, patientId, now);
  const { enrolment, availableModules } = state;
  const progress = await loadPatientRecords(tx, 'moduleProgress', [patientId]);
  const modules = await tx.query<{ module_no: number; title: string; summary: string; due_week: number }>(
    'SELECT module_no, title, summary, due_week FROM module WHERE programme = $1 ORDER BY module_no',
    [enrolment.programme],
  );
  return {
    ...state,
    modules: modules.rows.map(({ module_no: moduleNo, title, summary, due_week: dueWeek }) => {
      const done = progress.find((p) => p.enrolmentId === enrolment.id && p.moduleNo === moduleNo);
      return {
        moduleNo,
        title,
        summary,
        dueWeek,
        available: moduleNo <= availableModules,
        openedAt: done?.openedAt ?? null,
        completedAt: done?.completedAt ?? null,
      };
    }),
  };
}
