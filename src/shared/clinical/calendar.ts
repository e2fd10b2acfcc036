import { addDays, addMonths, daysBetween, localDateOf, startOfLocalDate, toOsloIso } from './localDate';

/**
 * The programme calendar. A programme runs 14 weeks from its start date; week n starts at Oslo
 * midnight on start + 7(n-1) days, so a week that spans a DST change lasts 167 or 169 hours.
 */

export type Programme = 'panic' | 'social-anxiety' | 'depression';

export const PROGRAMME_WEEKS = 14;

/**
 * Months from the planned end to the follow-up questionnaire. The service's pages say only that a
 * follow-up questionnaire is part of the treatment ("Oppfølgingsskjema integrert i behandlingen"),
 * not when; three months after the end is our default, one value for every programme.
 */
export const FOLLOW_UP_MONTHS = 3;

/**
 * The follow-up's place in a patient's questionnaire series: a response's `week` is 0 for the
 * baseline, 1-14 for the programme weeks, and this for the follow-up, so series sort by week and
 * the follow-up comes after week 14. Show it as "follow-up", never as a week number.
 */
export const FOLLOW_UP_WEEK = PROGRAMME_WEEKS + 1;

export const isFollowUpWeek = (week: number): boolean => week === FOLLOW_UP_WEEK;

/**
 * The day the follow-up questionnaire opens: FOLLOW_UP_MONTHS after the planned end as the
 * enrolment records it (the programme's own end, start + 14 weeks, when none is recorded). Null
 * for an enrolment that never started.
 */
export function followUpDate(enrolment: {
  startDate: string | null;
  plannedEndDate: string | null;
}): string | null {
  if (enrolment.startDate === null) return null;
  const plannedEnd = enrolment.plannedEndDate ?? addDays(enrolment.startDate, 7 * PROGRAMME_WEEKS);
  return addMonths(plannedEnd, FOLLOW_UP_MONTHS);
}

export type ProgrammeWeek = number | 'not-started' | 'ended';

export interface ModuleSlot {
  moduleNo: number;
  /** The programme week by whose end the module should be completed. */
  dueWeek: number;
}

/**
 * Module schedules (ours; the service publishes 8-9 modules over 14 weeks but no week plan).
 * The first modules (psychoeducation, the model of the problem) come one a week; the exposure
 * and activation modules that follow get two weeks each, because their homework is practice
 * repeated over days; the last module (relapse prevention) is due in week 13, leaving week 14
 * for catching up and the end-of-treatment questionnaires.
 */
const nineModules = [1, 2, 3, 4, 6, 8, 10, 12, 13];
const eightModules = [1, 2, 3, 5, 7, 9, 11, 13];

const slots = (weeks: number[]): readonly ModuleSlot[] =>
  weeks.map((dueWeek, i) => ({ moduleNo: i + 1, dueWeek }));

export const moduleSchedules: Readonly<Record<Programme, readonly ModuleSlot[]>> = {
  panic: slots(nineModules),
  'social-anxiety': slots(nineModules),
  depression: slots(eightModules),
};

/** The module a patient should be working on in a programme week; null once all are due. */
export function moduleDue(programme: Programme, week: number): ModuleSlot | null {
  return moduleSchedules[programme].find((slot) => slot.dueWeek >= week) ?? null;
}

/** How many modules should be complete by the end of a programme week. */
export function modulesDueBy(programme: Programme, week: number): number {
  return moduleSchedules[programme].filter((slot) => slot.dueWeek <= week).length;
}

export function programmeWeek(startDate: string, at: Date): ProgrammeWeek {
  const days = daysBetween(startDate, localDateOf(at));
  if (days < 0) return 'not-started';
  const week = Math.floor(days / 7) + 1;
  return week > PROGRAMME_WEEKS ? 'ended' : week;
}

export interface WeekWindow {
  week: number;
  /** Oslo local midnight starting the week, as an ISO instant with offset. */
  start: string;
  /** Oslo local midnight starting the next week (exclusive). */
  end: string;
}

export function weekWindow(startDate: string, week: number): WeekWindow {
  if (!Number.isInteger(week) || week < 1 || week > PROGRAMME_WEEKS) {
    throw new RangeError(`week ${week} is not a programme week (1-${PROGRAMME_WEEKS})`);
  }
  return {
    week,
    start: toOsloIso(startOfLocalDate(addDays(startDate, 7 * (week - 1)))),
    end: toOsloIso(startOfLocalDate(addDays(startDate, 7 * week))),
  };
}

export interface ProgrammeCalendar {
  week: ProgrammeWeek;
  /** This week's round window; null outside the programme. */
  window: WeekWindow | null;
  /** The module to work on this week; null outside the programme or when all are due. */
  module: ModuleSlot | null;
  /** start + 14 weeks: the first day after the programme. */
  plannedEndDate: string;
  /** The last day of week 14. */
  lastDay: string;
  /** The instant the programme ends (Oslo midnight on plannedEndDate). */
  endsAt: string;
  /** plannedEndDate + 3 months, for the follow-up questionnaire. */
  followUpDate: string;
}

export function programmeCalendar(programme: Programme, startDate: string, at: Date): ProgrammeCalendar {
  const week = programmeWeek(startDate, at);
  const plannedEndDate = addDays(startDate, 7 * PROGRAMME_WEEKS);
  const active = typeof week === 'number';
  return {
    week,
    window: active ? weekWindow(startDate, week) : null,
    module: active ? moduleDue(programme, week) : null,
    plannedEndDate,
    lastDay: addDays(plannedEndDate, -1),
    endsAt: toOsloIso(startOfLocalDate(plannedEndDate)),
    followUpDate: addMonths(plannedEndDate, FOLLOW_UP_MONTHS),
  };
}
