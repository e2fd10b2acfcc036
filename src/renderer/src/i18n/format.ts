import { SERVICE_TIME_ZONE } from '../../../shared/clinical/localDate';
import { currentLanguage, type Language } from './index';

const locales: Record<Language, string> = { nb: 'nb-NO', en: 'en-GB' };

// The clinic works on service time (Oslo) whatever the computer's clock zone is.
const formatters = new Map<Language, Intl.DateTimeFormat>();

function formatter(language: Language): Intl.DateTimeFormat {
  let f = formatters.get(language);
  if (!f) {
    f = new Intl.DateTimeFormat(locales[language], {
      dateStyle: 'medium',
      timeStyle: 'short',
      timeZone: SERVICE_TIME_ZONE,
    });
    formatters.set(language, f);
  }
  return f;
}

/** An instant from the contract (ISO 8601), as date and time in the current language. */
export function formatDateTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : formatter(currentLanguage()).format(date);
}

const dateFormatters = new Map<Language, Intl.DateTimeFormat>();

/** An instant as a short day in the current language ("tir. 3. mars"), for snoozes and due dates. */
export function formatDay(iso: string): string {
  const language = currentLanguage();
  let f = dateFormatters.get(language);
  if (!f) {
    f = new Intl.DateTimeFormat(locales[language], {
      weekday: 'short',
      day: 'numeric',
      month: 'short',
      timeZone: SERVICE_TIME_ZONE,
    });
    dateFormatters.set(language, f);
  }
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : f.format(date);
}

/**
 * How long ago an instant was, in whole minutes or hours ("for 3 minutter siden"); null under a
 * minute, for the caller's own "just now", and beyond a day, for a full date.
 */
export function formatAgo(iso: string, nowMs: number): string | null {
  const minutes = Math.floor((nowMs - Date.parse(iso)) / 60_000);
  if (!(minutes >= 1 && minutes < 24 * 60)) return null;
  const relative = new Intl.RelativeTimeFormat(locales[currentLanguage()], { numeric: 'always' });
  return minutes < 60
    ? relative.format(-minutes, 'minute')
    : relative.format(-Math.floor(minutes / 60), 'hour');
}
