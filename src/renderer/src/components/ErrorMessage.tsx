import { useTranslation } from 'react-i18next';
import type { IpcError } from '../../../shared/contracts/ipc';

/** A failed call, in the user's language; the raw message stays out of sight. */
export function ErrorMessage({ error, onRetry }: { error: IpcError | null; onRetry?: () => void }) {
  const { t } = useTranslation();
  if (!error) return null;
  return (
    <div className="error-message" role="alert">
      <span>{t(`error.${error.code}`)}</span>
      {onRetry && (
        <button type="button" className="button-secondary" onClick={onRetry}>
          {t('error.retry')}
        </button>
      )}
    </div>
  );
}
