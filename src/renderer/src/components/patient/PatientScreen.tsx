import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PatientDetail } from '../../../../shared/contracts/ipc';
import { useNavigation } from '../../stores/navigation';
import { SymptomTrend } from './SymptomTrend';

/** One patient's week: opened from the queue. */
export function PatientScreen({ patientId }: { patientId: string }) {
  const { t } = useTranslation();
  const home = useNavigation((state) => state.home);
  const [detail, setDetail] = useState<PatientDetail | null>(null);
  useEffect(() => {
    void window.api['patient.get']({ patientId }).then((result) => result.ok && setDetail(result.value));
  }, [patientId]);
  return (
    <section className="patient-screen" aria-labelledby="patient-title" data-patient-id={patientId}>
      <h1 id="patient-title">{t('patient.title')}</h1>
      <button type="button" onClick={home}>
        {t('patient.back')}
      </button>
      {detail?.enrolment && (
        <SymptomTrend
          scoreSeries={detail.scoreSeries}
          responses={detail.responses}
          programme={detail.enrolment.programme}
        />
      )}
    </section>
  );
}
