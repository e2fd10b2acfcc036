import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../i18n/format';
import { BandName } from './BandName';
import { instrumentName } from './format';
import type { InstrumentWeek, WeekSummary } from './weekSummary';

/** A change in points with its sign: lower is better on every instrument. */
const signed = (change: number) => (change > 0 ? `+${change}` : change < 0 ? `−${-change}` : '±0');

function ScoreLine({ score }: { score: InstrumentWeek }) {
  const { t } = useTranslation();
  const point = score.thisWeek;
  return (
    <li className="week-score" data-testid="week-score" data-instrument={score.instrumentId}>
      <span className="score-name">{instrumentName(score.instrumentId)}</span>
      {point ? (
        <>
          <span className="score-total">{point.total}</span>
          <span className="score-band">
            <BandName band={point.band} />
          </span>
          {/* Since the baseline says it all when the measurement before was the baseline. */}
          {point.changeFromPrevious !== null && score.previousWeek !== null && score.previousWeek > 0 && (
            <span className={score.reliableSincePrevious ? 'change-reliable' : undefined}>
              {t('patient.week.sincePrevious', {
                change: signed(point.changeFromPrevious),
                week: score.previousWeek,
              })}
              {score.reliableSincePrevious && ` (${t('patient.week.reliable')})`}
            </span>
          )}
          {score.baselineTotal !== null && point.status !== 'baseline' && (
            <span>
              {t('patient.week.sinceBaseline', {
                change: signed(point.change),
                baseline: score.baselineTotal,
              })}
            </span>
          )}
        </>
      ) : (
        <span className="muted">{t('patient.week.notSubmitted')}</span>
      )}
      {score.status && score.status !== 'baseline' && (
        <span className={`change-status change-${score.status}`} data-testid="change-status">
          {t(`patient.change.${score.status}`)}
        </span>
      )}
      {score.everReliablyDeteriorated && score.status !== 'reliable-deterioration' && (
        <span className="change-status change-reliable-deterioration">
          {t('patient.week.earlierDeterioration')}
        </span>
      )}
    </li>
  );
}

function Feedback({ summary, staffNames }: { summary: WeekSummary; staffNames: Record<string, string> }) {
  const { t } = useTranslation();
  const feedback = summary.feedback;
  if (feedback.status === 'given') {
    return (
      <span className="feedback-given">
        ✓{' '}
        {t('patient.week.feedbackGiven', {
          at: formatDateTime(feedback.givenAt),
          by: staffNames[feedback.givenBy] ?? t('patient.unknownStaff'),
        })}
        {feedback.pending && ` · ${t('patient.pending')}`}
      </span>
    );
  }
  if (feedback.status === 'due') return <span className="feedback-due">{t('patient.week.feedbackDue')}</span>;
  return <span className="muted">{t('patient.week.feedbackNotDue')}</span>;
}

/** The week at a glance: what the patient did, how the scores moved, and what the therapist owes. */
export function ThisWeekCard({
  summary,
  staffNames,
}: {
  summary: WeekSummary | null;
  staffNames: Record<string, string>;
}) {
  const { t } = useTranslation();
  return (
    <section className="patient-section this-week" aria-labelledby="this-week-title" data-testid="this-week">
      <h2 id="this-week-title">
        {summary ? t('patient.week.title', { week: summary.week }) : t('patient.week.titleOutside')}
      </h2>
      {!summary ? (
        <p className="muted">{t('patient.week.outside')}</p>
      ) : (
        <dl className="week-facts">
          <dt>{t('patient.week.scores')}</dt>
          <dd>
            <ul className="week-scores">
              {summary.scores.map((score) => (
                <ScoreLine key={score.instrumentId} score={score} />
              ))}
            </ul>
          </dd>
          <dt>{t('patient.week.modules')}</dt>
          <dd>
            {summary.modulesWorked.length === 0
              ? t('patient.week.noModules')
              : summary.modulesWorked
                  .map((m) =>
                    t(m.completed ? 'patient.week.moduleCompleted' : 'patient.week.moduleOpened', {
                      module: m.moduleNo,
                    }),
                  )
                  .join(', ')}
            <span className="muted">
              {' · '}
              {t('patient.week.modulesProgress', {
                completed: summary.modulesCompleted,
                due: summary.modulesDue,
              })}
            </span>
          </dd>
          <dt>{t('patient.week.homework')}</dt>
          <dd>{t('patient.week.homeworkCount', { count: summary.homeworkSubmitted })}</dd>
          <dt>{t('patient.week.messages')}</dt>
          <dd>
            {t('patient.week.messagesInOut', { received: summary.messagesIn, sent: summary.messagesOut })}
          </dd>
          <dt>{t('patient.week.feedback')}</dt>
          <dd>
            <Feedback summary={summary} staffNames={staffNames} />
          </dd>
        </dl>
      )}
    </section>
  );
}
