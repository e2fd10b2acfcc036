import { useTranslation } from 'react-i18next';
import { isFollowUpWeek } from '../../../shared/clinical/calendar';
import { isInstrumentId } from '../../../shared/clinical/instruments/registry';
import type { LatestScore } from '../../../shared/contracts/ipc';
import { nb } from '../i18n/nb';

function isBandId(band: string): band is keyof typeof nb.band {
  return Object.hasOwn(nb.band, band);
}

/** Instrument ids are their short names in lower case (phq-9 -> PHQ-9). */
const shortName = (instrumentId: string) => instrumentId.toUpperCase();

function Score({ score }: { score: LatestScore }) {
  const { t } = useTranslation();
  const band = isBandId(score.band) ? t(`band.${score.band}`) : score.band;
  return (
    <span
      className="score"
      title={isInstrumentId(score.instrumentId) ? t(`instrument.${score.instrumentId}`) : undefined}
    >
      <span className="score-name">{shortName(score.instrumentId)}</span>{' '}
      <span className="score-total">{score.total}</span> <span className="score-band">{band}</span>
      <span className="muted">
        {' · '}
        {isFollowUpWeek(score.week) ? t('queue.scoreFollowUp') : t('queue.scoreWeek', { week: score.week })}
      </span>
    </span>
  );
}

export function ScoreSummary({ scores }: { scores: LatestScore[] }) {
  const { t } = useTranslation();
  if (scores.length === 0) return <span className="muted">{t('queue.noScores')}</span>;
  return (
    <span className="scores">
      {scores.map((score) => (
        <Score key={score.instrumentId} score={score} />
      ))}
    </span>
  );
}
