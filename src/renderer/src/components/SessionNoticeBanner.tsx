import { useTranslation } from 'react-i18next';
import type { SessionNotice } from '../../../shared/contracts/ipc';

/** Why the user was signed out when it was not their choice. */
export function SessionNoticeBanner({ notice }: { notice: SessionNotice | null }) {
  const { t } = useTranslation();
  if (!notice) return null;
  return (
    <div className="notice" role="alert">
      {t(`notice.${notice.code}`)}
    </div>
  );
}
