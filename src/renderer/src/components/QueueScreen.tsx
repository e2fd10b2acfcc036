import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { IpcError, QueueItem, SyncStatusView } from '../../../shared/contracts/ipc';
import { formatDay } from '../i18n/format';
import { isTyping, shortcutOf } from '../shortcuts';
import { useQueue, visibleItems } from '../stores/queue';
import { initialSyncRunning, useSync } from '../stores/sync';
import { ErrorMessage } from './ErrorMessage';
import { QueueToolbar, ReasonCounts, RoundProgress } from './QueueHeader';
import { QueueList } from './QueueList';
import { doneBlocked } from './QueueRow';
import { SnoozeDialog } from './SnoozeDialog';

/** While the first sync fills the cache: progress, not a queue that reorders as pages arrive. */
function InitialSync({ status }: { status: SyncStatusView }) {
  const { t } = useTranslation();
  return (
    <div className="initial-sync" data-testid="initial-sync">
      <h2>{t('queue.initialSyncTitle')}</h2>
      <progress aria-label={t('queue.initialSyncTitle')} />
      <p>{t('queue.initialSyncProgress', { count: status.initialSync.changesApplied })}</p>
      <p className="muted">{t('queue.initialSyncIntro')}</p>
    </div>
  );
}

/** The patient after this one in the list, or before it at the end: where focus goes when it leaves. */
function neighbourOf(items: QueueItem[], patientId: string): string | null {
  const index = items.findIndex((item) => item.patientId === patientId);
  return (items[index + 1] ?? items[index - 1])?.patientId ?? null;
}

/** The therapist's home: this week's round, most pressing first, worked from the keyboard. */
export function QueueScreen() {
  const { t } = useTranslation();
  const { error, load, filters, setFilters, activePatientId, setActive, openPatient } = useQueue();
  const syncStatus = useSync((state) => state.status);
  const waitingForSync = initialSyncRunning(syncStatus);
  // Rows only once the sync status says the cache is complete: a read during the first sync is not.
  const loaded = useQueue((state) => state.queue);
  const queue = syncStatus && !waitingForSync ? loaded : null;
  const items = useMemo(() => visibleItems(queue, filters), [queue, filters]);
  const [snoozing, setSnoozing] = useState<QueueItem | null>(null);
  const [refused, setRefused] = useState<QueueItem | null>(null);
  const [actionError, setActionError] = useState<IpcError | null>(null);
  const [announcement, setAnnouncement] = useState('');
  const [focusRequest, setFocusRequest] = useState(0);
  const searchRef = useRef<HTMLInputElement>(null);
  const focusList = () => setFocusRequest((n) => n + 1);

  // `/` finds a patient by name from anywhere on the screen; a move key with focus nowhere in
  // particular (after a click on the background) brings it back to the list.
  useEffect(() => {
    function onKeyDown(event: KeyboardEvent) {
      if (event.defaultPrevented || isTyping(event.target) || document.querySelector('dialog[open]')) return;
      const action = shortcutOf('queue', event);
      if (action === 'search') {
        event.preventDefault();
        searchRef.current?.focus();
      } else if ((action === 'down' || action === 'up') && event.target === document.body) {
        event.preventDefault();
        setFocusRequest((n) => n + 1);
      }
    }
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, []);

  /** Runs a round action; on success focus has already moved on to `then`'s patient. */
  async function act(
    call: () => Promise<{ ok: boolean; error?: IpcError }>,
    done: string,
    then: string | null,
  ) {
    setRefused(null);
    setActionError(null);
    if (then !== null) {
      setActive(then);
      focusList();
    }
    const result = await call();
    if (result.ok) setAnnouncement(done);
    else setActionError(result.error ?? null);
  }

  function markDone(item: QueueItem) {
    const { patientId, name } = item;
    if (item.round.status === 'done') {
      void act(() => window.api['round.reopen']({ patientId }), t('queue.reopened', { name }), null);
    } else if (doneBlocked(item)) {
      setRefused(item);
    } else {
      void act(
        () => window.api['round.markDone']({ patientId }),
        t('queue.markedDone', { name }),
        neighbourOf(items, patientId),
      );
    }
  }

  function snooze(item: QueueItem, until: string) {
    setSnoozing(null);
    void act(
      () => window.api['round.snooze']({ patientId: item.patientId, until }),
      t('queue.snoozedUntil', { name: item.name, until: formatDay(until) }),
      neighbourOf(items, item.patientId),
    );
  }

  function reopen(item: QueueItem) {
    setSnoozing(null);
    void act(
      () => window.api['round.reopen']({ patientId: item.patientId }),
      t('queue.reopened', { name: item.name }),
      null,
    );
  }

  return (
    <section className="queue-screen" aria-labelledby="queue-title" data-testid="queue-screen">
      <header className="queue-header">
        <div className="queue-title-row">
          <h1 id="queue-title">{t('queue.title')}</h1>
          {queue && !waitingForSync && <RoundProgress queue={queue} />}
        </div>
        {queue && !waitingForSync && (
          <>
            <ReasonCounts
              queue={queue}
              selected={filters.reason}
              onSelect={(reason) => setFilters({ reason })}
            />
            <QueueToolbar
              queue={queue}
              filters={filters}
              shown={items.length}
              onFilters={setFilters}
              onLeaveSearch={focusList}
              searchRef={searchRef}
            />
          </>
        )}
      </header>
      <p className="visually-hidden" role="status">
        {announcement}
      </p>
      <ErrorMessage error={error} onRetry={() => void load()} />
      <ErrorMessage error={actionError} />
      {refused && (
        <div className="notice queue-notice" role="alert" data-testid="done-refused">
          <span>{t('queue.doneRefused', { name: refused.name })}</span>
          <button type="button" onClick={() => openPatient(refused.patientId)}>
            {t('queue.openFlag')}
          </button>
          <button
            type="button"
            className="button-secondary"
            onClick={() => {
              setRefused(null);
              focusList();
            }}
          >
            {t('queue.dismiss')}
          </button>
        </div>
      )}
      {waitingForSync && syncStatus ? (
        <InitialSync status={syncStatus} />
      ) : !queue ? (
        !error && (
          <p className="state-message" role="status">
            {t('app.loading')}
          </p>
        )
      ) : queue.items.length === 0 ? (
        <p className="state-message">{t('queue.empty')}</p>
      ) : items.length === 0 ? (
        <p className="state-message">{t('queue.noMatch')}</p>
      ) : (
        <QueueList
          items={items}
          activeId={activePatientId}
          focusRequest={focusRequest}
          onActivate={setActive}
          onOpen={(item) => openPatient(item.patientId)}
          onDone={markDone}
          onSnooze={setSnoozing}
        />
      )}
      {snoozing && queue && (
        <SnoozeDialog
          item={snoozing}
          now={new Date(queue.at)}
          onSnooze={(until) => snooze(snoozing, until)}
          onReopen={() => reopen(snoozing)}
          onClose={() => setSnoozing(null)}
        />
      )}
    </section>
  );
}
