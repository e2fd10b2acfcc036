import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../i18n/format';
import { useSync } from '../stores/sync';
import { ModalDialog } from './ModalDialog';

/** The changes the portal refused, each with its reason, until the user has seen them. */
export function RejectedChangesDialog({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const { rejected, loadRejected, dismissRejected } = useSync();

  useEffect(() => {
    void loadRejected();
  }, [loadRejected]);

  return (
    <ModalDialog title={t('sync.rejectedTitle')} onClose={onClose} testId="rejected-dialog">
      <p className="muted">{t('sync.rejectedIntro')}</p>
      {rejected.length === 0 ? (
        <p>{t('sync.rejectedEmpty')}</p>
      ) : (
        <ul className="pending-list rejected-list">
          {rejected.map((change) => (
            <li key={change.mutationId} data-testid="rejected-change">
              <strong>{t(`mutation.${change.type}`)}</strong>
              <span>{change.patientName ?? t('cacheProblem.unknownPatient')}</span>
              <span className="muted">{t('sync.rejectedAt', { at: formatDateTime(change.rejectedAt) })}</span>
              <span className="rejected-reason">
                {t(`sync.rejectedCode.${change.code}`)}
                <span className="muted"> · {t('sync.portalMessage', { message: change.message })}</span>
              </span>
              <button
                type="button"
                className="button-secondary button-small"
                onClick={() => void dismissRejected(change.mutationId)}
              >
                {t('sync.dismiss')}
              </button>
            </li>
          ))}
        </ul>
      )}
      <div className="button-row">
        <button type="button" onClick={onClose}>
          {t('sync.close')}
        </button>
      </div>
    </ModalDialog>
  );
}
