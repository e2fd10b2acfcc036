import { useTranslation } from 'react-i18next';
import type { PatientDetail } from '../../../../shared/contracts/ipc';
import { SymptomTrend } from './SymptomTrend';

/** The symptom trend's place on the patient screen: the chart per instrument of the programme. */
export function TrendSection({ detail }: { detail: PatientDetail }) {
  const { t } = useTranslation();
  const programme = detail.enrolment?.programme;
  return (
    <section className="patient-section patient-trend" aria-labelledby="trend-title" data-testid="trend-slot">
      <h2 id="trend-title">{t('patient.trend.title')}</h2>
      {programme && detail.scoreSeries.length > 0 ? (
        <SymptomTrend scoreSeries={detail.scoreSeries} responses={detail.responses} programme={programme} />
      ) : (
        <p className="muted">{t('patient.trend.none')}</p>
      )}
    </section>
  );
}
