import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { AccountView } from '../../../shared/contracts/ipc';
import { useSession } from '../stores/session';
import { ErrorMessage } from './ErrorMessage';

/** The password for a signed-in account: unlocks, or signs in again when the portal session expired. */
export function PasswordForm({ account, submitLabel }: { account: AccountView; submitLabel: string }) {
  const { t } = useTranslation();
  const { unlock, busy, error } = useSession();
  const [password, setPassword] = useState('');
  const input = useRef<HTMLInputElement>(null);

  // A refused password leaves the user in the field, ready to type it again.
  useEffect(() => {
    if (error) input.current?.focus();
  }, [error]);

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
        ref={input}
        id="unlock-password"
        name="password"
        type="password"
        autoComplete="current-password"
        required
        autoFocus
        value={password}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? 'unlock-error' : undefined}
        data-testid="unlock-password"
        onChange={(event) => setPassword(event.target.value)}
      />
      <div id="unlock-error">
        <ErrorMessage error={error} />
      </div>
      <button type="submit" disabled={busy}>
        {submitLabel}
      </button>
    </form>
  );
}
