import { useTranslation } from 'react-i18next';
import type { DemoAccountView } from '../../../shared/contracts/ipc';

/**
 * The embedded demo portal's staff logins; choosing one fills the sign-in form. Its patient
 * accounts are for the patient pages in a browser: the workstation would refuse them.
 */
export function DemoAccounts({
  accounts,
  onChoose,
}: {
  accounts: DemoAccountView[];
  onChoose: (account: DemoAccountView) => void;
}) {
  const { t } = useTranslation();
  const staff = accounts.filter((account) => account.role !== 'patient');
  if (staff.length === 0) return null;
  return (
    <section className="demo-accounts" aria-labelledby="demo-accounts-title">
      <h2 id="demo-accounts-title">{t('signIn.demoTitle')}</h2>
      <p className="muted">{t('signIn.demoIntro')}</p>
      <ul>
        {staff.map((account) => (
          <li key={account.username}>
            <button
              type="button"
              className="demo-account"
              data-testid="demo-account"
              onClick={() => onChoose(account)}
            >
              <span className="demo-username">{account.username}</span>
              <span className="demo-role">{t(`role.${account.role}`)}</span>
              <span className="demo-password">
                {t('signIn.demoPassword', { password: account.password })}
              </span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
