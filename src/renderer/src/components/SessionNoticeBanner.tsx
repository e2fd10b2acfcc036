import { useTranslation } from 'react-i18next';
import type { SessionNotice } from '../../../shared/contracts/ipc';
import { formatDateTime } from '../i18n/format';

/** Why the user was signed out when it was not their choice. */
export function SessionNoticeBanner({ notice }: { notice: SessionNotice | null }) {
  const { t } = useTranslation();
  if (!notice) return null;
  return (
    <div className="notice" role="alert">
      {notice.code === 'revoked' ? t(`notice.revoked.${notice.cause}`) : t(`notice.${notice.code}`)}
      {notice.code === 'revoked' && notice.lost.length > 0 && (
        <>
          <p>{t('notice.lostTitle', { count: notice.lost.length })}</p>
          <ul className="pending-list">
            {notice.lost.map((change) => (
              <li key={change.mutationId}>
                <strong>{t(`mutation.${change.type}`)}</strong>
                <span className="muted">
                  {t('cacheProblem.queuedAt', { at: formatDateTime(change.queuedAt) })}
                </span>
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
