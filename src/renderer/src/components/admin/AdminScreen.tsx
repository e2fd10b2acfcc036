import { useTranslation } from 'react-i18next';

/** The administrator's home: the clinic's teams, staff and settings. */
export function AdminScreen() {
  const { t } = useTranslation();
  return (
    <section className="admin-screen" aria-labelledby="admin-title">
      <h1 id="admin-title">{t('admin.title')}</h1>
    </section>
  );
}
