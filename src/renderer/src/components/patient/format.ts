import { formatDistanceStrict } from 'date-fns';
import { enGB, nb } from 'date-fns/locale';
import { currentLanguage } from '../../i18n';

const dateLocales = { nb, en: enGB } as const;
const intlLocales = { nb: 'nb-NO', en: 'en-GB' } as const;

/** How long ago an instant was, in words ("3 dager siden"), against the given "now". */
export function formatAge(iso: string, now: number): string {
  return formatDistanceStrict(new Date(iso), new Date(now), {
    addSuffix: true,
    locale: dateLocales[currentLanguage()],
  });
}

/** A calendar date from the contract ('YYYY-MM-DD'), as the clinic writes it. */
export function formatLocalDate(date: string): string {
  // Noon UTC is the same calendar day in every time zone the clinic works in.
  return new Intl.DateTimeFormat(intlLocales[currentLanguage()], {
    dateStyle: 'long',
    timeZone: 'UTC',
  }).format(new Date(`${date}T12:00:00Z`));
}

/** Instrument ids are their short names in lower case (phq-9 -> PHQ-9). */
export const instrumentName = (instrumentId: string) => instrumentId.toUpperCase();
