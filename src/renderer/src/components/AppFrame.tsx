import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { AccountView } from '../../../shared/contracts/ipc';
import { useSession } from '../stores/session';
import { useSync } from '../stores/sync';
import { ErrorMessage } from './ErrorMessage';
import { LanguageSwitch } from './LanguageSwitch';
import { SyncIndicator } from './SyncIndicator';

/** The signed-in frame: who is working, how sync stands, and the session's actions. */
export function AppFrame({
  account,
  signInNeeded,
  children,
}: {
  account: AccountView;
  /** Unlocked offline after the portal session expired: work goes on, sync waits for a sign-in. */
  signInNeeded: boolean;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  const { lock, signOut, busy, error } = useSession();
  // A failed sync call (status or "sync now"); a failed sync run shows in the indicator.
  const { syncNow, requested, error: syncError } = useSync();

  return (
    <div className="app-frame">
      <header className="app-header">
        <div className="app-identity">
          <span className="app-name">{t('app.name')}</span>
          <span className="app-user">
            {t('app.signedInAs', { name: account.displayName })} · {t(`role.${account.role}`)}
          </span>
        </div>
        <SyncIndicator />
        <div className="app-actions">
          <button type="button" onClick={() => void syncNow()} disabled={requested}>
            {t('app.syncNow')}
          </button>
          <button type="button" className="button-secondary" onClick={() => void lock()} disabled={busy}>
            {t('app.lock')}
          </button>
          <button type="button" className="button-secondary" onClick={() => void signOut()} disabled={busy}>
            {t('app.signOut')}
          </button>
          <LanguageSwitch />
        </div>
      </header>
      {signInNeeded && (
        <div className="notice sign-in-needed" role="status">
          <span>{t('app.signInNeeded')}</span>
          <button type="button" onClick={() => void lock()} disabled={busy}>
            {t('locked.signInAgain')}
          </button>
        </div>
      )}
      <ErrorMessage error={error} />
      <ErrorMessage error={syncError} />
      <main className="app-main">{children}</main>
    </div>
  );
}
