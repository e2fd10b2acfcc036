import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { AccountView } from '../../../shared/contracts/ipc';
import { useSession } from '../stores/session';
import { ErrorMessage } from './ErrorMessage';

/** The password for a signed-in account: unlocks, or signs in again when the portal session expired. */
export function PasswordForm({ account, submitLabel }: { account: AccountView; submitLabel: string }) {
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
        {submitLabel}
      </button>
    </form>
  );
}
