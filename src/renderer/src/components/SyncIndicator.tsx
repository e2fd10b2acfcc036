import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SyncStatusView } from '../../../shared/contracts/ipc';
import { formatAgo, formatDateTime } from '../i18n/format';
import { useSync } from '../stores/sync';
import { RejectedChangesDialog } from './RejectedChangesDialog';

function connection(status: SyncStatusView): 'online' | 'offline' | 'unknown' {
  if (status.online === null) return 'unknown';
  return status.online ? 'online' : 'offline';
}

/** The clock, ticking every `everyMs`, for texts like "for 3 minutter siden". */
function useNow(everyMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}

function LastSync({ status }: { status: SyncStatusView }) {
  const { t } = useTranslation();
  const now = useNow(15_000);
  const { lastSyncAt, initialSync } = status;
  if (initialSync.running) {
    return <span>{t('sync.initialSync', { changes: initialSync.changesApplied })}</span>;
  }
  if (!lastSyncAt) return <span>{t('sync.neverSynced')}</span>;
  const ago =
    formatAgo(lastSyncAt, now) ??
    (now - Date.parse(lastSyncAt) < 60_000 ? t('sync.justNow') : formatDateTime(lastSyncAt));
  return (
    <span title={t('sync.lastSyncAt', { at: formatDateTime(lastSyncAt) })} data-testid="last-sync">
      {t('sync.lastSync', { ago })}
    </span>
  );
}

/**
 * Always in the header: online or offline, when the last sync ended, what waits to be sent, and
 * the changes the portal refused, which open with their reasons. Codes and counts only: the
 * refused changes' patients show only in the dialog, on request.
 */
export function SyncIndicator() {
  const { t } = useTranslation();
  const status = useSync((s) => s.status);
  const [showRejected, setShowRejected] = useState(false);
  if (!status) return <div className="sync-status" />;
  const state = connection(status);

  return (
    // A labelled group, not a live region: a status that changes at every sync would keep
    // interrupting a screen reader.
    <div className="sync-status" data-testid="sync-status" role="group" aria-label={t('sync.label')}>
      <span
        className={`sync-dot sync-${state}${status.syncing ? ' sync-busy' : ''}`}
        aria-hidden="true"
        data-testid="sync-dot"
      />
      <span className="sync-connection" data-testid="sync-connection">
        {t(`sync.${state}`)}
      </span>
      <span className="sync-text">
        <LastSync status={status} />
      </span>
      {status.pending > 0 && (
        <span className="sync-badge" title={t('sync.pendingTitle')} data-testid="sync-pending">
          {t('sync.pending', { count: status.pending })}
        </span>
      )}
      {status.rejected > 0 && (
        <button
          type="button"
          className="sync-badge sync-rejected"
          data-testid="sync-rejected"
          aria-haspopup="dialog"
          onClick={() => setShowRejected(true)}
        >
          {t('sync.rejected', { count: status.rejected })}
        </button>
      )}
      {status.lastError && (
        <span className="sync-failed" data-testid="sync-failed">
          {t('sync.failed')}
        </span>
      )}
      {showRejected && <RejectedChangesDialog onClose={() => setShowRejected(false)} />}
    </div>
  );
}
