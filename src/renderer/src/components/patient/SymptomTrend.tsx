import { useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type InstrumentId, isFollowUpWeek, PROGRAMME_WEEKS } from '../../../../shared/clinical';
import type { Programme, QuestionnaireResponse } from '../../../../shared/contracts/domain';
import type { ScoreSeries } from '../../../../shared/contracts/ipc';
import { currentLanguage } from '../../i18n';
import { nb } from '../../i18n/nb';
import { bandEdges, buildTrends, type InstrumentTrend, type TrendPoint } from './trendModel';
import { bandTint, type ChartText, TrendChart } from './TrendChart';

export interface SymptomTrendProps {
  /** PatientDetail.scoreSeries. */
  scoreSeries: ScoreSeries[];
  /** PatientDetail.responses: the item answers behind each point. */
  responses: QuestionnaireResponse[];
  /** The enrolment's programme: which instruments are shown. */
  programme: Programme;
}

/**
 * The symptom trend: for each questionnaire of the programme, the weekly totals from the baseline
 * (week 0) to the last programme week and the follow-up after the end, with the bands, the caseness line, the baseline, reliable
 * change and the weeks with suicidal thoughts; pointing at or moving to a week shows its answers,
 * and a table below gives the same numbers to screen readers.
 */
export function SymptomTrend({ scoreSeries, responses, programme }: SymptomTrendProps) {
  const trends = useMemo(
    () => buildTrends(programme, scoreSeries, responses),
    [programme, scoreSeries, responses],
  );
  // The host gives the section and its heading (TrendSection); each instrument is a subsection.
  return (
    <div className="trend" data-testid="symptom-trend">
      {trends.map((trend) => (
        <InstrumentTrendView key={trend.definition.id} trend={trend} />
      ))}
    </div>
  );
}

function isBandId(band: string): band is keyof typeof nb.band {
  return Object.hasOwn(nb.band, band);
}

/** Text with the clinical sign, and a real minus: "+6", "−3", "0". */
function signed(value: number): string {
  return new Intl.NumberFormat(currentLanguage(), { signDisplay: 'exceptZero' }).format(value);
}

function useTrendText() {
  // t is a new function when the language changes, so the memo follows the language.
  const { t } = useTranslation();
  return useMemo(() => {
    const band = (id: string) => (isBandId(id) ? t(`band.${id}`) : id);
    const itemLabel = (linkId: string) => {
      // LSAS-SR items are a situation's fear or avoidance rating: "3.fear".
      const [item, part] = linkId.split('.');
      return part === 'fear' || part === 'avoidance'
        ? t('trend.itemPart', { item, part: t(`trend.part.${part}`) })
        : t('trend.item', { item: linkId });
    };
    return { t, band, itemLabel };
  }, [t]);
}

function InstrumentTrendView({ trend }: { trend: InstrumentTrend }) {
  const { t, band } = useTrendText();
  const headingId = useId();
  const detailsId = useId();
  const { definition, points, change } = trend;
  const [active, setActive] = useState(points.length - 1);
  const shown = points[Math.min(active, points.length - 1)];
  const latest = change.latest;
  const instrument = t(`instrument.${definition.id as InstrumentId}`);
  const risky = points.filter((p) => p.riskAnswers.length > 0);
  const riskWeeks = risky.filter((p) => !p.followUp).map((p) => p.week);
  const riskAtFollowUp = risky.some((p) => p.followUp);

  // Stable between renders: the canvas is redrawn when the language or the numbers change only.
  const chartText = useMemo<ChartText>(
    () => ({
      xLabel: t('trend.week'),
      yLabel: t('trend.score'),
      baselineWeek: t('trend.baselineWeek'),
      followUpWeek: t('trend.followUp'),
      casenessLine: t('trend.casenessLine', { value: trend.definition.caseness }),
      baselineLine: t('trend.baselineLine', { value: trend.change.baseline?.total ?? '' }),
      band,
      point: (i) => {
        const p = trend.points[i]!;
        const risk = p.riskAnswers.map((a) => t('trend.pointRisk', { value: a.value })).join(' ');
        const status = t(`trend.status.${p.status}`);
        const values = { week: p.week, total: p.total, band: band(p.band), status };
        return `${t(p.followUp ? 'trend.pointFollowUp' : 'trend.point', values)} ${risk}`.trim();
      },
    }),
    [t, band, trend],
  );

  return (
    <section
      className="trend-instrument"
      aria-labelledby={headingId}
      data-testid="trend-instrument"
      data-instrument={definition.id}
    >
      <h3 id={headingId}>{instrument}</h3>
      {!shown || !latest ? (
        <p className="muted">{t('trend.noResponses')}</p>
      ) : (
        <>
          <p className="trend-summary">
            {t(isFollowUpWeek(latest.week) ? 'trend.latestFollowUp' : 'trend.latest', {
              total: latest.total,
              band: band(latest.band),
              week: latest.week,
            })}{' '}
            {change.baseline &&
              t('trend.baselineSummary', {
                total: change.baseline.total,
                band: band(change.baseline.band),
              })}{' '}
            {latest.status !== 'baseline' && t(`trend.status.${latest.status}`)}
          </p>
          {risky.length > 0 && (
            <p className="trend-risk-summary" data-testid="trend-risk-weeks">
              {riskWeeks.length === 0
                ? t('trend.riskFollowUp')
                : t(riskAtFollowUp ? 'trend.riskWeeksAndFollowUp' : 'trend.riskWeeks', {
                    weeks: riskWeeks.join(', '),
                  })}
            </p>
          )}
          <div className="trend-body">
            <div className="trend-chart-column">
              <TrendChart
                trend={trend}
                text={chartText}
                active={Math.min(active, points.length - 1)}
                onActive={setActive}
                describedBy={detailsId}
                pointsLabel={`${t('trend.chartLabel', { instrument, weeks: PROGRAMME_WEEKS })}. ${t('trend.pointsLabel')}`}
              />
              <Legend trend={trend} />
            </div>
            <PointDetails id={detailsId} trend={trend} point={shown} />
          </div>
          <TrendTable trend={trend} caption={t('trend.table.caption', { instrument })} />
        </>
      )}
    </section>
  );
}

function PointDetails({ id, trend, point }: { id: string; trend: InstrumentTrend; point: TrendPoint }) {
  const { t, band, itemLabel } = useTrendText();
  const { definition } = trend;
  const min = Math.min(...definition.items.map((it) => it.min));
  const max = Math.max(...definition.items.map((it) => it.max));
  const risky = new Set(point.riskAnswers.map((a) => a.linkId));
  return (
    <div id={id} className="trend-details" data-testid="trend-details">
      <h4>
        {point.followUp ? t('trend.details.titleFollowUp') : t('trend.details.title', { week: point.week })}
      </h4>
      <p>
        {t('trend.details.total', { total: point.total, band: band(point.band) })}
        {point.status !== 'baseline' && (
          <>
            {' · '}
            {t('trend.details.change', { change: signed(point.change) })}
          </>
        )}
        <br />
        <span className={`trend-status trend-status-${point.status}`}>
          {t(`trend.status.${point.status}`)}
        </span>
      </p>
      {point.riskAnswers.map((a) => (
        <p key={a.linkId} className="trend-risk-answer">
          {t('trend.pointRisk', { value: a.value })}
        </p>
      ))}
      {point.answers ? (
        <>
          <p className="muted trend-answers-caption">{t('trend.details.answers', { min, max })}</p>
          <dl className="trend-answers">
            {definition.items.map((item) => (
              <div
                key={item.linkId}
                className={[
                  'trend-answer',
                  definition.riskItems.includes(item.linkId) && 'risk-item',
                  risky.has(item.linkId) && 'risk',
                ]
                  .filter(Boolean)
                  .join(' ')}
              >
                <dt>
                  {itemLabel(item.linkId)}
                  {definition.riskItems.includes(item.linkId) && ` (${t('trend.riskItem')})`}
                </dt>
                <dd>{point.answers?.[item.linkId] ?? '–'}</dd>
              </div>
            ))}
          </dl>
        </>
      ) : (
        <p className="muted">{t('trend.details.noAnswers')}</p>
      )}
    </div>
  );
}

function Legend({ trend }: { trend: InstrumentTrend }) {
  const { t, band } = useTrendText();
  const { definition } = trend;
  const edges = bandEdges(definition);
  return (
    <div className="trend-legend" aria-hidden="true">
      <ul>
        {definition.bands.map((b, i) => (
          <li key={b.id}>
            <span className={`trend-swatch trend-band-${bandTint(i, edges.length)}`} />
            {band(b.id)} {b.min}–{b.max}
          </li>
        ))}
      </ul>
      <ul>
        <li>
          <span className="trend-swatch trend-caseness" />
          {t('trend.legend.caseness')} {definition.caseness}
        </li>
        <li>
          <span className="trend-swatch trend-baseline" />
          {t('trend.legend.baseline')}
        </li>
        <li>
          <span className="trend-marker trend-improvement" />
          {t('trend.legend.improvement')}
        </li>
        <li>
          <span className="trend-marker trend-deterioration" />
          {t('trend.legend.deterioration')}
        </li>
        {definition.riskItems.length > 0 && (
          <li>
            <span className="trend-swatch trend-risk" />
            {t('trend.legend.risk')}
          </li>
        )}
      </ul>
    </div>
  );
}

/** The same numbers as the chart, for screen readers (visually hidden). */
function TrendTable({ trend, caption }: { trend: InstrumentTrend; caption: string }) {
  const { t, band } = useTrendText();
  const { definition, points } = trend;
  const riskItem = definition.riskItems[0];
  return (
    <table className="visually-hidden" data-testid="trend-table">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{t('trend.table.week')}</th>
          <th scope="col">{t('trend.table.total')}</th>
          <th scope="col">{t('trend.table.band')}</th>
          <th scope="col">{t('trend.table.change')}</th>
          <th scope="col">{t('trend.table.status')}</th>
          {riskItem && <th scope="col">{t('trend.table.risk', { item: riskItem })}</th>}
        </tr>
      </thead>
      <tbody>
        {points.map((p) => (
          <tr key={p.responseId ?? p.week}>
            <th scope="row">
              {p.followUp
                ? t('trend.followUp')
                : p.week === 0
                  ? `${p.week} (${t('trend.baselineWeek')})`
                  : p.week}
            </th>
            <td>{p.total}</td>
            <td>{band(p.band)}</td>
            <td>{p.status === 'baseline' ? '' : signed(p.change)}</td>
            <td>{t(`trend.status.${p.status}`)}</td>
            {riskItem && <td>{p.answers?.[riskItem] ?? ''}</td>}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
