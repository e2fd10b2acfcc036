import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { SessionState } from '../../../shared/contracts/ipc';
import { useSession } from '../stores/session';
import { CenteredPanel } from './CenteredPanel';
import { DemoAccounts } from './DemoAccounts';
import { ErrorMessage } from './ErrorMessage';
import { SessionNoticeBanner } from './SessionNoticeBanner';

type SignedOut = Extract<SessionState, { status: 'signed-out' | 'signing-in' }>;

export function SignInScreen({ session }: { session: SignedOut }) {
  const { t } = useTranslation();
  const { signIn, busy, error, demoAccounts } = useSession();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const signingIn = session.status === 'signing-in';

  function submit(event: FormEvent) {
    event.preventDefault();
    void signIn(username.trim(), password);
  }

  return (
    <CenteredPanel title={t('signIn.title')}>
      {session.status === 'signed-out' && <SessionNoticeBanner notice={session.notice} />}
      {session.portal.demo && <p className="demo-portal-note">{t('admin.demoPortal')}</p>}
      <p className="muted">{t('signIn.intro')}</p>
      <form className="form" data-testid="sign-in-form" onSubmit={submit}>
        <label htmlFor="sign-in-username">{t('signIn.username')}</label>
        <input
          id="sign-in-username"
          name="username"
          autoComplete="username"
          required
          value={username}
          onChange={(event) => setUsername(event.target.value)}
        />
        <label htmlFor="sign-in-password">{t('signIn.password')}</label>
        <input
          id="sign-in-password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(event) => setPassword(event.target.value)}
        />
        <ErrorMessage error={error} />
        {signingIn && (
          <p role="status" className="muted">
            {t('signIn.signingIn', { username: session.username })}
          </p>
        )}
        <button type="submit" disabled={busy || signingIn}>
          {t('signIn.submit')}
        </button>
      </form>
      <DemoAccounts
        accounts={demoAccounts}
        onChoose={(account) => {
          setUsername(account.username);
          setPassword(account.password);
        }}
      />
    </CenteredPanel>
  );
}
