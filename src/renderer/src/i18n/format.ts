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
