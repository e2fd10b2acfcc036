import { useTranslation } from 'react-i18next';
import type { DemoAccountView } from '../../../shared/contracts/ipc';

/** The embedded demo portal's logins; choosing one fills the sign-in form. */
export function DemoAccounts({
  accounts,
  onChoose,
}: {
  accounts: DemoAccountView[];
  onChoose: (account: DemoAccountView) => void;
}) {
  const { t } = useTranslation();
  if (accounts.length === 0) return null;
  return (
    <section className="demo-accounts" aria-labelledby="demo-accounts-title">
      <h2 id="demo-accounts-title">{t('signIn.demoTitle')}</h2>
      <p className="muted">{t('signIn.demoIntro')}</p>
      <ul>
        {accounts.map((account) => (
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
