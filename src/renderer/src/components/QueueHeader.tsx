import { useMemo, type Ref } from 'react';
import { useTranslation } from 'react-i18next';
import type { Programme } from '../../../shared/contracts/domain';
import type { QueueView } from '../../../shared/contracts/ipc';
import { shortcutOf } from '../shortcuts';
import { useShortcutsHelp } from '../stores/help';
import { REASON_CODES, type QueueFilters, type ReasonCode } from '../stores/queue';

/** Done this round, of every patient in it: "14 av 27 ferdig denne uken". */
export function RoundProgress({ queue }: { queue: QueueView }) {
  const { t } = useTranslation();
  const total = queue.items.length;
  const done = queue.items.filter((item) => item.round.status === 'done').length;
  return (
    <div className="round-progress" data-testid="round-progress">
      <span>{t('queue.progress', { done, total })}</span>
      <progress value={done} max={Math.max(total, 1)} aria-label={t('queue.progressLabel')} />
    </div>
  );
}

/** How many patients have each reason; pressing one shows only those, pressing it again shows all. */
export function ReasonCounts({
  queue,
  selected,
  onSelect,
}: {
  queue: QueueView;
  selected: ReasonCode | null;
  onSelect: (reason: ReasonCode | null) => void;
}) {
  const { t } = useTranslation();
  const counts = useMemo(() => {
    const byReason = new Map<ReasonCode, number>();
    for (const item of queue.items) {
      for (const reason of item.reasons) byReason.set(reason.code, (byReason.get(reason.code) ?? 0) + 1);
    }
    return byReason;
  }, [queue]);

  return (
    <div className="reason-counts" role="group" aria-label={t('queue.countsLabel')}>
      {REASON_CODES.map((code) => {
        const count = counts.get(code) ?? 0;
        const pressed = selected === code;
        return (
          <button
            key={code}
            type="button"
            className={`reason-count reason-count-${code}`}
            aria-pressed={pressed}
            disabled={count === 0 && !pressed}
            data-testid="reason-count"
            data-reason={code}
            onClick={() => onSelect(pressed ? null : code)}
          >
            <span className="reason-count-number">{count}</span>
            <span>{t(`queue.reasonCount.${code}`)}</span>
          </button>
        );
      })}
    </div>
  );
}

interface ToolbarProps {
  queue: QueueView;
  filters: QueueFilters;
  shown: number;
  onFilters: (patch: Partial<QueueFilters>) => void;
  /** Escape in an empty search: back to the list. */
  onLeaveSearch: () => void;
  searchRef: Ref<HTMLInputElement>;
}

/** Search by name, filter by programme, and how much of the queue the filters show. */
export function QueueToolbar({ queue, filters, shown, onFilters, onLeaveSearch, searchRef }: ToolbarProps) {
  const { t } = useTranslation();
  const showHelp = useShortcutsHelp((state) => state.show);
  const programmes = useMemo(
    () => [...new Set(queue.items.flatMap((item) => (item.programme ? [item.programme] : [])))].sort(),
    [queue],
  );
  const filtered = filters.reason !== null || filters.programme !== null || filters.search !== '';

  return (
    <div className="queue-toolbar">
      <label htmlFor="queue-search" className="visually-hidden">
        {t('queue.search')}
      </label>
      <input
        ref={searchRef}
        id="queue-search"
        type="search"
        className="queue-search"
        data-testid="queue-search"
        placeholder={t('queue.searchPlaceholder')}
        autoComplete="off"
        spellCheck={false}
        value={filters.search}
        onChange={(event) => onFilters({ search: event.target.value })}
        onKeyDown={(event) => {
          if (shortcutOf('queue', event) !== 'clearSearch') return;
          event.preventDefault();
          if (filters.search === '') onLeaveSearch();
          else onFilters({ search: '' });
        }}
      />
      <label htmlFor="queue-programme" className="visually-hidden">
        {t('queue.programmeFilter')}
      </label>
      <select
        id="queue-programme"
        data-testid="queue-programme"
        value={filters.programme ?? ''}
        onChange={(event) => onFilters({ programme: (event.target.value || null) as Programme | null })}
      >
        <option value="">{t('queue.allProgrammes')}</option>
        {programmes.map((programme) => (
          <option key={programme} value={programme}>
            {t(`programme.${programme}`)}
          </option>
        ))}
      </select>
      <span className="muted queue-showing" role="status" data-testid="queue-showing">
        {filtered ? t('queue.showing', { shown, total: queue.items.length }) : ''}
      </span>
      {filtered && (
        <button
          type="button"
          className="button-secondary button-small"
          onClick={() => onFilters({ reason: null, programme: null, search: '' })}
        >
          {t('queue.clearFilters')}
        </button>
      )}
      <button type="button" className="button-secondary button-small shortcuts-button" onClick={showHelp}>
        {t('queue.shortcuts')} <kbd>?</kbd>
      </button>
    </div>
  );
}
