import i18next, { type TFunction } from 'i18next';
import { en } from './locales/en';
import { nb } from './locales/nb';

/** The patient pages speak bokmål unless the patient chooses English. */
export const LANGUAGES = ['nb', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
export const LANGUAGE_COOKIE = 'mestring_sprak';

const i18n = i18next.createInstance();
void i18n.init({
  resources: { nb: { translation: nb }, en: { translation: en } },
  lng: 'nb',
  fallbackLng: 'nb',
  supportedLngs: [...LANGUAGES],
  // Pages are escaped by the html tag; i18next must not escape a second time.
  interpolation: { escapeValue: false },
  initAsync: false,
});

export const isLanguage = (value: unknown): value is Language =>
  typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);

export const translatorFor = (language: Language): TFunction => i18n.getFixedT(language);

const DATE_FORMATS: Record<Language, Intl.DateTimeFormat> = {
  nb: new Intl.DateTimeFormat('nb-NO', { dateStyle: 'long', timeZone: 'Europe/Oslo' }),
  en: new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeZone: 'Europe/Oslo' }),
};
const TIME_FORMATS: Record<Language, Intl.DateTimeFormat> = {
  nb: new Intl.DateTimeFormat('nb-NO', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/Oslo' }),
  en: new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/Oslo' }),
};

/** A calendar date ('YYYY-MM-DD', Oslo) in words. */
export const formatDate = (language: Language, date: string): string =>
  DATE_FORMATS[language].format(new Date(`${date}T12:00:00Z`));

/** An instant as Oslo date and time. */
export const formatInstant = (language: Language, instant: string): string =>
  TIME_FORMATS[language].format(new Date(instant));
