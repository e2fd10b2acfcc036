import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { AccountView } from '../../../shared/contracts/ipc';
import { useSession } from '../stores/session';
import { CenteredPanel } from './CenteredPanel';
import { ErrorMessage } from './ErrorMessage';

export function LockedScreen({ account }: { account: AccountView }) {
  const { t } = useTranslation();
  const { unlock, busy, error } = useSession();
  const [password, setPassword] = useState('');

  function submit(event: FormEvent) {
    event.preventDefault();
    void unlock(password);
    // The password is not kept in memory longer than the call needs it.
    setPassword('');
  }

  return (
    <CenteredPanel title={t('locked.title')}>
      <p className="muted">
        {t('app.signedInAs', { name: account.displayName })} · {t('locked.intro')}
      </p>
      <form className="form" onSubmit={submit}>
        {/* A hidden username lets password managers match the stored login. */}
        <input type="text" name="username" autoComplete="username" value={account.username} readOnly hidden />
        <label htmlFor="unlock-password">{t('locked.password')}</label>
        <input
          id="unlock-password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          autoFocus
          value={password}
          onChange={(event) => setPassword(event.target.value)}
        />
        <ErrorMessage error={error} />
        <button type="submit" disabled={busy}>
          {t('locked.submit')}
        </button>
      </form>
    </CenteredPanel>
  );
}
