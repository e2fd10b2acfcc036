import { useTranslation } from 'react-i18next';

/** The team lead's home: capacity and risk across the team. */
export function TeamScreen() {
  const { t } = useTranslation();
  return (
    <section className="team-screen" aria-labelledby="team-title">
      <h1 id="team-title">{t('team.title')}</h1>
    </section>
  );
}
