import { TZDate } from '@date-fns/tz';
import { addBusinessDays } from 'date-fns';
import { SERVICE_TIME_ZONE } from './localDate';

/**
 * The clinic's promise on written replies: a patient's message is answered within this many
 * working days (Monday to Friday, on service time) unless the clinic says otherwise.
 */
export const DEFAULT_REPLY_WORKING_DAYS = 3;

/**
 * When a message sent at `sentAt` is due an answer: the same Oslo time of day, `workingDays`
 * weekdays later. The days are counted on the calendar alone, at noon in this computer's zone (no
 * DST change moves a date at noon), so Oslo's zone is asked for two instants instead of once per
 * day stepped over: a team view counts a thousand of these.
 */
export function replyDueAt(sentAt: string, workingDays = DEFAULT_REPLY_WORKING_DAYS): Date {
  const sent = new TZDate(sentAt, SERVICE_TIME_ZONE);
  const day = addBusinessDays(new Date(sent.getFullYear(), sent.getMonth(), sent.getDate(), 12), workingDays);
  const due = new TZDate(
    day.getFullYear(),
    day.getMonth(),
    day.getDate(),
    sent.getHours(),
    sent.getMinutes(),
    sent.getSeconds(),
    sent.getMilliseconds(),
    SERVICE_TIME_ZONE,
  );
  return new Date(due.getTime());
}

/** A patient's message still unanswered past the deadline. */
export function replyOverdue(sentAt: string, now: Date, workingDays = DEFAULT_REPLY_WORKING_DAYS): boolean {
  return replyDueAt(sentAt, workingDays).getTime() < now.getTime();
}

/** The median of some durations, or null for none. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}
