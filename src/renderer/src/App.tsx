import { useTranslation } from 'react-i18next';
import { AppFrame } from './components/AppFrame';
import { CacheProblemScreen } from './components/CacheProblemScreen';
import { ErrorMessage } from './components/ErrorMessage';
import { LockedScreen } from './components/LockedScreen';
import { SignInScreen } from './components/SignInScreen';
import { Workspace } from './components/Workspace';
import { useSession } from './stores/session';

/** Chooses the screen from the session state; main decides the state, the page follows it. */
export function App() {
  const { t } = useTranslation();
  const { session, error, load } = useSession();

  if (!session) {
    return (
      <div className="centered-page">
        {error ? (
          <ErrorMessage error={error} onRetry={() => void load()} />
        ) : (
          <p className="state-message" role="status">
            {t('app.loading')}
          </p>
        )}
      </div>
    );
  }

  switch (session.status) {
    case 'signed-out':
    case 'signing-in':
      return <SignInScreen session={session} />;
    case 'locked':
      return <LockedScreen account={session.account} signInNeeded={session.signInNeeded} />;
    case 'cache-problem':
      return <CacheProblemScreen problem={session.problem} account={session.account} />;
    case 'ready':
      return (
        <AppFrame account={session.account} signInNeeded={session.signInNeeded}>
          <Workspace account={session.account} />
        </AppFrame>
      );
  }
}
