import { useEffect, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { AccountView } from '../../../shared/contracts/ipc';
import { isTyping, shortcutOf } from '../shortcuts';
import { useShortcutsHelp } from '../stores/help';
import { homeOf, useNavigation } from '../stores/navigation';
import { useSession } from '../stores/session';
import { useSync } from '../stores/sync';
import { ErrorMessage } from './ErrorMessage';
import { LanguageSwitch } from './LanguageSwitch';
import { ShortcutsDialog } from './ShortcutsDialog';
import { SyncIndicator } from './SyncIndicator';

/** A team lead works in two places: the team's overview and the patients' queue. */
function ScreenNav({ account }: { account: AccountView }) {
  const { t } = useTranslation();
  const view = useNavigation((state) => state.view) ?? homeOf(account.role);
  const open = useNavigation((state) => state.open);
  if (account.role !== 'team_lead') return null;
  const screens = [
    { screen: 'team', label: t('app.nav.team') },
    { screen: 'round', label: t('app.nav.round') },
  ] as const;
  return (
    <nav className="app-nav" aria-label={t('app.nav.label')}>
      {screens.map(({ screen, label }) => (
        <button
          key={screen}
          type="button"
          className="app-nav-item"
          aria-current={view.screen === screen ? 'page' : undefined}
          data-testid={`nav-${screen}`}
          onClick={() => open({ screen })}
        >
          {label}
        </button>
      ))}
    </nav>
  );
}

/** "Sync now", a quiet button that says what it is doing, and says when it is done. */
function SyncNowButton() {
  const { t } = useTranslation();
  const { syncNow, requested, outcome } = useSync();
  return (
    <>
      <button
        type="button"
        className="button-secondary sync-now"
        data-testid="sync-now"
        onClick={() => void syncNow()}
        disabled={requested}
        aria-busy={requested}
      >
        {requested ? t('app.syncing') : t('app.syncNow')}
      </button>
      <span className="visually-hidden" role="status">
        {requested
          ? ''
          : outcome === 'synced'
            ? t('app.synced')
            : outcome === 'failed'
              ? t('app.syncFailed')
              : ''}
      </span>
    </>
  );
}

/**
 * The signed-in frame: who is working, how sync stands, and the session's actions, on one line
 * that never wraps; the screen below it fills the rest of the window and scrolls inside itself.
 * `?` anywhere (outside a text field) lists every shortcut.
 */
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
  const syncError = useSync((state) => state.error);
  const showHelp = useShortcutsHelp((state) => state.show);

  useEffect(() => {
    function onKeyDown(event: KeyboardEvent) {
      if (event.defaultPrevented || isTyping(event.target) || document.querySelector('dialog[open]')) return;
      if (shortcutOf('everywhere', event) === 'help') {
        event.preventDefault();
        showHelp();
      }
    }
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [showHelp]);

  return (
    <div className="app-frame">
      <header className="app-header" data-testid="app-header">
        <div className="app-identity">
          <span className="app-name">{t('app.name')}</span>
          <span className="app-user">
            {t('app.signedInAs', { name: account.displayName })} · {t(`role.${account.role}`)}
          </span>
        </div>
        <ScreenNav account={account} />
        <SyncIndicator />
        <div className="app-actions">
          <SyncNowButton />
          <button type="button" className="button-secondary" onClick={() => void lock()} disabled={busy}>
            {t('app.lock')}
          </button>
          <button type="button" className="button-secondary" onClick={() => void signOut()} disabled={busy}>
            {t('app.signOut')}
          </button>
          <LanguageSwitch compact />
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
      <ShortcutsDialog />
    </div>
  );
}
