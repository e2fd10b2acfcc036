import { useTranslation } from 'react-i18next';
import type { AccountView } from '../../../shared/contracts/ipc';
import { CenteredPanel } from './CenteredPanel';
import { PasswordForm } from './PasswordForm';

/** Locked: no patient data on screen. After a portal expiry the password also signs in again. */
export function LockedScreen({ account, signInNeeded }: { account: AccountView; signInNeeded: boolean }) {
  const { t } = useTranslation();
  return (
    <CenteredPanel title={t(signInNeeded ? 'locked.signInNeededTitle' : 'locked.title')}>
      <p className="muted">
        {t('app.signedInAs', { name: account.displayName })} ·{' '}
        {t(signInNeeded ? 'locked.signInNeeded' : 'locked.intro')}
      </p>
      <PasswordForm
        account={account}
        submitLabel={t(signInNeeded ? 'locked.signInAgain' : 'locked.submit')}
      />
    </CenteredPanel>
  );
}
