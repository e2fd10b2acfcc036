import type { KeyboardEvent, Ref } from 'react';
import { useTranslation } from 'react-i18next';
import { PROGRAMME_WEEKS } from '../../../shared/clinical/calendar';
import type { QueueItem } from '../../../shared/contracts/ipc';
import { formatDateTime } from '../i18n/format';
import { ReasonChip } from './ReasonChip';
import { ScoreSummary } from './ScoreSummary';

function ProgrammeLine({ item }: { item: QueueItem }) {
  const { t } = useTranslation();
  if (!item.programme) return <span>{t('queue.noProgramme')}</span>;
  const week = item.programmeWeek;
  const when =
    week === 'not-started'
      ? t('queue.notStarted')
      : week === 'ended'
        ? t('queue.ended')
        : week === null
          ? null
          : t('queue.week', { week, weeks: PROGRAMME_WEEKS });
  return (
    <span>
      {t(`programme.${item.programme}`)}
      {when && ` · ${when}`}
    </span>
  );
}

function OpenFlags({ flags }: { flags: QueueItem['openFlags'] }) {
  const { t } = useTranslation();
  if (flags.urgent === 0 && flags.risk === 0) return null;
  return (
    <span className="open-flags">
      {t('queue.openFlags')}
      {flags.urgent > 0 && (
        <span className="flag-count flag-urgent">{` ${t('severity.urgent')} ${flags.urgent}`}</span>
      )}
      {flags.risk > 0 && (
        <span className="flag-count flag-risk">{` ${t('severity.risk')} ${flags.risk}`}</span>
      )}
    </span>
  );
}

function RoundBadge({ round }: { round: QueueItem['round'] }) {
  const { t } = useTranslation();
  if (round.status === 'done') return <span className="badge badge-done">✓ {t('queue.roundDone')}</span>;
  if (round.status === 'snoozed') {
    return <span className="badge">{t('queue.roundSnoozed', { until: formatDateTime(round.until) })}</span>;
  }
  return null;
}

interface QueueRowProps {
  item: QueueItem;
  index: number;
  focusable: boolean;
  start: number;
  rowRef: Ref<HTMLDivElement>;
  onFocus: () => void;
  onKeyDown: (event: KeyboardEvent<HTMLDivElement>) => void;
}

/** One patient in the round: who, where in the programme, why now, and the latest scores. */
export function QueueRow({ item, index, focusable, start, rowRef, onFocus, onKeyDown }: QueueRowProps) {
  const { t } = useTranslation();
  return (
    <div
      ref={rowRef}
      role="listitem"
      className={`queue-row queue-row-${item.bucket}`}
      data-testid="queue-row"
      data-index={index}
      tabIndex={focusable ? 0 : -1}
      onFocus={onFocus}
      onKeyDown={onKeyDown}
      // Virtual rows are placed by offset; a CSSOM property, which the CSP allows.
      style={{ transform: `translateY(${start}px)` }}
    >
      <div className="queue-card">
        <div className="queue-row-who">
          <span className="patient-name">{item.name}</span>
          <span className="muted">
            <ProgrammeLine item={item} />
          </span>
        </div>
        <div className="queue-row-reasons">
          {item.reasons.map((reason) => (
            <ReasonChip key={reason.code} reason={reason} />
          ))}
        </div>
        <div className="queue-row-meta">
          <OpenFlags flags={item.openFlags} />
          {item.unreadMessages > 0 && <span>{t('queue.unread', { count: item.unreadMessages })}</span>}
          {item.hasDraft && <span className="badge">✎ {t('queue.draft')}</span>}
          <RoundBadge round={item.round} />
          <ScoreSummary scores={item.latestScores} />
        </div>
      </div>
    </div>
  );
}
