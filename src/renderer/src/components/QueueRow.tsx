import { memo, type KeyboardEvent, type Ref } from 'react';
import { useTranslation } from 'react-i18next';
import { PROGRAMME_WEEKS } from '../../../shared/clinical/calendar';
import type { QueueItem } from '../../../shared/contracts/ipc';
import { formatDay } from '../i18n/format';
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

function RoundBadge({ round }: { round: QueueItem['round'] }) {
  const { t } = useTranslation();
  if (round.status === 'done') {
    return (
      <span className="badge badge-done" data-testid="round-badge">
        <span aria-hidden="true">✓ </span>
        {t('queue.roundDone')}
      </span>
    );
  }
  if (round.status === 'snoozed') {
    return (
      <span className="badge badge-snoozed" data-testid="round-badge">
        {t('queue.roundSnoozed', { until: formatDay(round.until) })}
      </span>
    );
  }
  return null;
}

/** An open flag nobody has acknowledged keeps the patient from being marked done. */
export const doneBlocked = (item: QueueItem) => item.openFlags.urgent + item.openFlags.risk > 0;

/** What a row can ask of its list; one object for all rows, the same across renders. */
export interface QueueRowActions {
  focus: (item: QueueItem) => void;
  keyDown: (event: KeyboardEvent<HTMLDivElement>, index: number) => void;
  open: (item: QueueItem) => void;
  done: (item: QueueItem) => void;
  snooze: (item: QueueItem) => void;
}

interface QueueRowProps {
  item: QueueItem;
  index: number;
  focusable: boolean;
  start: number;
  rowRef: Ref<HTMLDivElement>;
  actions: QueueRowActions;
}

/**
 * One patient in the round: who, where in the programme, why now, the latest scores, and the
 * round's state, which done and snoozed rows show plainly. The row opens the patient on a click or
 * Enter; its buttons do what d and s do. Memoized: a scroll re-renders only the rows it brings in.
 */
export const QueueRow = memo(function QueueRow(props: QueueRowProps) {
  const { item, index, focusable, start, rowRef, actions } = props;
  const { t } = useTranslation();
  const blocked = doneBlocked(item) && item.round.status !== 'done';
  // The row's buttons are in the tab order only with the row: one stop per row, not three.
  const tabIndex = focusable ? 0 : -1;
  return (
    <div
      ref={rowRef}
      role="listitem"
      className={`queue-row queue-row-${item.bucket} queue-row-state-${item.round.status}`}
      data-testid="queue-row"
      data-index={index}
      data-patient-id={item.patientId}
      data-round={item.round.status}
      tabIndex={tabIndex}
      onFocus={() => actions.focus(item)}
      onKeyDown={(event) => actions.keyDown(event, index)}
      onClick={(event) => {
        if (!(event.target instanceof HTMLElement && event.target.closest('button'))) actions.open(item);
      }}
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
          <RoundBadge round={item.round} />
          {item.reasons.map((reason) => (
            <ReasonChip key={reason.code} reason={reason} />
          ))}
        </div>
        <div className="queue-row-meta">
          {item.hasDraft && (
            <span className="badge" data-testid="draft-badge">
              <span aria-hidden="true">✎ </span>
              {t('queue.draft')}
            </span>
          )}
          <ScoreSummary scores={item.latestScores} />
        </div>
        <div className="queue-row-actions">
          <button
            type="button"
            className={`button-secondary button-small${blocked ? ' button-blocked' : ''}`}
            tabIndex={tabIndex}
            onClick={() => actions.done(item)}
            aria-describedby={blocked ? `done-blocked-${item.patientId}` : undefined}
            data-testid="row-done"
          >
            {item.round.status === 'done' ? t('queue.reopen') : t('queue.markDone')}
          </button>
          {blocked && (
            <span id={`done-blocked-${item.patientId}`} className="visually-hidden">
              {t('queue.doneBlocked')}
            </span>
          )}
          <button
            type="button"
            className="button-secondary button-small"
            tabIndex={tabIndex}
            onClick={() => actions.snooze(item)}
            data-testid="row-snooze"
          >
            {t('queue.snooze')}
          </button>
        </div>
      </div>
    </div>
  );
});
