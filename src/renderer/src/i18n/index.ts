import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { en } from './en';
import { nb } from './nb';

export const languages = ['nb', 'en'] as const;
export type Language = (typeof languages)[number];

/** The only thing the renderer keeps in browser storage: never patient data. */
const STORAGE_KEY = 'ui.language';

function isLanguage(value: unknown): value is Language {
  return languages.includes(value as Language);
}

function storedLanguage(): Language {
  const stored = localStorage.getItem(STORAGE_KEY);
  return isLanguage(stored) ? stored : 'nb';
}

export function currentLanguage(): Language {
  return isLanguage(i18next.language) ? i18next.language : 'nb';
}

export async function setLanguage(language: Language): Promise<void> {
  localStorage.setItem(STORAGE_KEY, language);
  await i18next.changeLanguage(language);
}

// Screen readers and hyphenation follow <html lang>, so it tracks the UI language.
i18next.on('languageChanged', (language) => {
  document.documentElement.lang = language;
});

export async function initI18n(): Promise<void> {
  await i18next.use(initReactI18next).init({
    resources: { nb: { translation: nb }, en: { translation: en } },
    lng: storedLanguage(),
    fallbackLng: 'nb',
    // React escapes output itself.
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  document.documentElement.lang = currentLanguage();
}
