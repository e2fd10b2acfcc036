import { TZDate } from '@date-fns/tz';
import { z } from 'zod';

/**
 * Calendar dates ('YYYY-MM-DD') in the service's time zone, Europe/Oslo. Arithmetic is done on
 * the calendar (through UTC, which has no DST) and turned into an instant only at the end, so a
 * day is always a day and a programme week always starts at local midnight.
 */

export const SERVICE_TIME_ZONE = 'Europe/Oslo';

const DAY_MS = 86_400_000;

interface Ymd {
  year: number;
  month: number;
  day: number;
}

function parse(date: string): Ymd | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const back = new Date(Date.UTC(year, month - 1, day));
  const real =
    back.getUTCFullYear() === year && back.getUTCMonth() === month - 1 && back.getUTCDate() === day;
  return real ? { year, month, day } : null;
}

function ymd(date: string): Ymd {
  const parsed = parse(date);
  if (!parsed) throw new RangeError(`"${date}" is not a calendar date (YYYY-MM-DD)`);
  return parsed;
}

function format(utcMs: number): string {
  return new Date(utcMs).toISOString().slice(0, 10);
}

export function isLocalDate(value: string): boolean {
  return parse(value) !== null;
}

export const LocalDate = z.string().refine(isLocalDate, 'a calendar date YYYY-MM-DD');

export function addDays(date: string, days: number): string {
  const { year, month, day } = ymd(date);
  return format(Date.UTC(year, month - 1, day + days));
}

/** Adds calendar months; a day the target month lacks becomes its last day (31 Jan + 1 = 28/29 Feb). */
export function addMonths(date: string, months: number): string {
  const { year, month, day } = ymd(date);
  const lastDay = new Date(Date.UTC(year, month - 1 + months + 1, 0)).getUTCDate();
  return format(Date.UTC(year, month - 1 + months, Math.min(day, lastDay)));
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  const a = ymd(from);
  const b = ymd(to);
  return (Date.UTC(b.year, b.month - 1, b.day) - Date.UTC(a.year, a.month - 1, a.day)) / DAY_MS;
}

/** The instant the date starts in Oslo. */
export function startOfLocalDate(date: string): Date {
  const { year, month, day } = ymd(date);
  return new Date(new TZDate(year, month - 1, day, SERVICE_TIME_ZONE).getTime());
}

/** The Oslo calendar date an instant falls on. */
export function localDateOf(at: Date): string {
  const local = new TZDate(at.getTime(), SERVICE_TIME_ZONE);
  return format(Date.UTC(local.getFullYear(), local.getMonth(), local.getDate()));
}

/** An instant as ISO 8601 with Oslo's offset at that moment, e.g. 2026-03-30T00:00:00.000+02:00. */
export function toOsloIso(at: Date): string {
  return new TZDate(at.getTime(), SERVICE_TIME_ZONE).toISOString();
}

/** The ISO week ('2026-W09') a calendar date falls in: Monday to Sunday, week 1 holds the year's first Thursday. */
export function isoWeekOfDate(date: string): string {
  const { year, month, day } = ymd(date);
  const utc = Date.UTC(year, month - 1, day);
  const thursday = utc + (3 - ((new Date(utc).getUTCDay() + 6) % 7)) * DAY_MS;
  const weekYear = new Date(thursday).getUTCFullYear();
  const week = 1 + Math.floor((thursday - Date.UTC(weekYear, 0, 1)) / (7 * DAY_MS));
  return `${weekYear}-W${String(week).padStart(2, '0')}`;
}

/** The ISO week an instant falls in, in Oslo. */
export const isoWeekOf = (at: Date): string => isoWeekOfDate(localDateOf(at));

/** The ISO weeks of the last `count` weeks up to the one `at` falls in, oldest first. */
export function recentIsoWeeks(at: Date, count: number): string[] {
  const today = localDateOf(at);
  return Array.from({ length: count }, (_, index) => isoWeekOfDate(addDays(today, -7 * (count - 1 - index))));
}
