import { useTranslation } from 'react-i18next';
import type { AccountView } from '../../../shared/contracts/ipc';
import { useSession } from '../stores/session';
import { CenteredPanel } from './CenteredPanel';
import { PasswordForm } from './PasswordForm';

/**
 * Locked: no patient data on screen. After a portal expiry the password also signs in again.
 * Someone else at the computer can sign the user out from here (nothing unsent is lost without a
 * decision: the core asks first).
 */
export function LockedScreen({ account, signInNeeded }: { account: AccountView; signInNeeded: boolean }) {
  const { t } = useTranslation();
  const { signOut, busy } = useSession();
  return (
    <CenteredPanel title={t(signInNeeded ? 'locked.signInNeededTitle' : 'locked.title')}>
      <div data-testid="locked-screen">
        <p className="muted">
          {t('app.signedInAs', { name: account.displayName })} ·{' '}
          {t(signInNeeded ? 'locked.signInNeeded' : 'locked.intro')}
        </p>
        <PasswordForm
          account={account}
          submitLabel={t(signInNeeded ? 'locked.signInAgain' : 'locked.submit')}
        />
        <div className="locked-sign-out">
          <p className="muted" id="locked-sign-out-hint">
            {t('locked.signOutHint')}
          </p>
          <button
            type="button"
            className="button-secondary"
            aria-describedby="locked-sign-out-hint"
            onClick={() => void signOut()}
            disabled={busy}
          >
            {t('locked.signOut')}
          </button>
        </div>
      </div>
    </CenteredPanel>
  );
}
