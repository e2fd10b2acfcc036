import { TZDate } from '@date-fns/tz';
import { addBusinessDays } from 'date-fns';
import { SERVICE_TIME_ZONE } from './localDate';

/**
 * The clinic's promise on written replies: a patient's message is answered within this many
 * working days (Monday to Friday, on service time) unless the clinic says otherwise.
 */
export const DEFAULT_REPLY_WORKING_DAYS = 3;

/** When a message sent at `sentAt` is due an answer. */
export function replyDueAt(sentAt: string, workingDays = DEFAULT_REPLY_WORKING_DAYS): Date {
  return addBusinessDays(new TZDate(sentAt, SERVICE_TIME_ZONE), workingDays);
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
