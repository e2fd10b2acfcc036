import { useTranslation } from 'react-i18next';
import type { PatientDetail } from '../../../../shared/contracts/ipc';
import { BandName } from './BandName';
import { instrumentName } from './format';

/**
 * The symptom trend's place on the patient screen: the section the chart (SymptomTrend) mounts in.
 * Until it does, the weekly totals per instrument as a table.
 */
export function TrendSection({ detail }: { detail: PatientDetail }) {
  const { t } = useTranslation();
  const series = detail.scoreSeries;
  const weeks = [...new Set(series.flatMap((s) => s.points.map((p) => p.week)))].sort((a, b) => a - b);
  return (
    <section className="patient-section patient-trend" aria-labelledby="trend-title" data-testid="trend-slot">
      <h2 id="trend-title">{t('patient.trend.title')}</h2>
      {weeks.length === 0 ? (
        <p className="muted">{t('patient.trend.none')}</p>
      ) : (
        <div className="table-scroll" tabIndex={0} role="region" aria-labelledby="trend-title">
          <table className="score-table">
            <thead>
              <tr>
                <th scope="col">{t('patient.trend.week')}</th>
                {series.map((s) => (
                  <th key={s.instrumentId} scope="col">
                    {instrumentName(s.instrumentId)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {weeks.map((week) => (
                <tr key={week}>
                  <th scope="row">{week === 0 ? t('patient.trend.baseline') : week}</th>
                  {series.map((s) => {
                    const point = s.points.findLast((p) => p.week === week);
                    return (
                      <td key={s.instrumentId}>
                        {point ? (
                          <>
                            {point.total}{' '}
                            <span className="muted">
                              <BandName band={point.band} />
                            </span>
                          </>
                        ) : (
                          '–'
                        )}
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
