import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { LanguageSwitch } from './LanguageSwitch';

/** The frame for screens shown before the user is in: sign-in, locked, cache decisions. */
export function CenteredPanel({ title, children }: { title: string; children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <div className="centered-page">
      <header className="centered-header">
        <span className="app-name">{t('app.name')}</span>
        <LanguageSwitch />
      </header>
      <main className="panel">
        <h1>{title}</h1>
        {children}
      </main>
    </div>
  );
}
