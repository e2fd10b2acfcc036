import { useTranslation } from 'react-i18next';
import { useNavigation } from '../../stores/navigation';

/** One patient's week: opened from the queue. */
export function PatientScreen({ patientId }: { patientId: string }) {
  const { t } = useTranslation();
  const home = useNavigation((state) => state.home);
  return (
    <section className="patient-screen" aria-labelledby="patient-title" data-patient-id={patientId}>
      <h1 id="patient-title">{t('patient.title')}</h1>
      <button type="button" onClick={home}>
        {t('patient.back')}
      </button>
    </section>
  );
}
