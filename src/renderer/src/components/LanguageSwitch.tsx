import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { currentLanguage, languages, setLanguage, type Language } from '../i18n';

/** `compact`: the label is for screen readers only, where the header has no room to spare. */
export function LanguageSwitch({ compact = false }: { compact?: boolean }) {
  const { t } = useTranslation();
  const id = useId();
  return (
    <div className="language-switch">
      <label htmlFor={id} className={compact ? 'visually-hidden' : undefined}>
        {t('app.language')}
      </label>
      <select
        id={id}
        data-testid="language-switch"
        value={currentLanguage()}
        onChange={(event) => void setLanguage(event.target.value as Language)}
      >
        {languages.map((language) => (
          // Each language is named in itself, so a user who cannot read the current one finds theirs.
          <option key={language} value={language} lang={language}>
            {t(`language.${language}`)}
          </option>
        ))}
      </select>
    </div>
  );
}
