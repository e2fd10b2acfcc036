import { useTranslation } from 'react-i18next';
import type { SyncStatusView } from '../../../shared/contracts/ipc';
import { formatDateTime } from '../i18n/format';
import { useSync } from '../stores/sync';

function connection(status: SyncStatusView): 'online' | 'offline' | 'unknown' {
  if (status.online === null) return 'unknown';
  return status.online ? 'online' : 'offline';
}

/** Online state, last sync, and what is still waiting to be sent: codes and counts only. */
export function SyncIndicator() {
  const { t } = useTranslation();
  const status = useSync((s) => s.status);
  if (!status) return null;
  const state = connection(status);
  const { initialSync } = status;

  return (
    // A labelled group, not a live region: a status that changes at every sync would keep
    // interrupting a screen reader.
    <div className="sync-status" data-testid="sync-status" role="group" aria-label={t('sync.label')}>
      <span className={`sync-dot sync-${state}`} aria-hidden="true" />
      <span className="sync-connection">{t(`sync.${state}`)}</span>
      <span>
        {status.syncing
          ? t('sync.syncing')
          : status.lastSyncAt
            ? t('sync.lastSync', { at: formatDateTime(status.lastSyncAt) })
            : t('sync.neverSynced')}
      </span>
      {initialSync.running && (
        <span>
          {t('sync.initialSync', { pages: initialSync.pagesDone, changes: initialSync.changesApplied })}
        </span>
      )}
      {status.pending > 0 && (
        <span className="sync-count">{t('sync.pending', { count: status.pending })}</span>
      )}
      {status.rejected > 0 && (
        <span className="sync-count sync-rejected">{t('sync.rejected', { count: status.rejected })}</span>
      )}
      {status.lastError && <span className="sync-rejected">{t('sync.failed')}</span>}
    </div>
  );
}
