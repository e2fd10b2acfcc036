import { MAX_SNOOZE_DAYS } from '../../shared/clinical/queue';
import { addDays, localDateOf, startOfLocalDate } from '../../shared/clinical/localDate';

/** Saturday and Sunday; the clinic's holidays are not known here. */
function isWeekend(date: string): boolean {
  const day = new Date(`${date}T12:00:00Z`).getUTCDay();
  return day === 0 || day === 6;
}

export function nextWorkingDay(date: string): string {
  let next = addDays(date, 1);
  while (isWeekend(next)) next = addDays(next, 1);
  return next;
}

/** The instant a snooze to this day ends: the day's start in Oslo, when the patient comes back. */
export const snoozeEnd = (date: string) => startOfLocalDate(date).toISOString();

/**
 * The days a patient can be snoozed to from `now` (the clinic's clock): from tomorrow to the last
 * day whose start is within the limit the core enforces, and the suggestion, the next working day.
 */
export function snoozeChoices(now: Date): { min: string; max: string; suggested: string } {
  const today = localDateOf(now);
  const limit = now.getTime() + MAX_SNOOZE_DAYS * 86_400_000;
  let max = addDays(today, MAX_SNOOZE_DAYS);
  // A day is not always 24 hours (summer time): stay within the limit to the millisecond.
  while (startOfLocalDate(max).getTime() > limit) max = addDays(max, -1);
  return { min: addDays(today, 1), max, suggested: nextWorkingDay(today) };
}
