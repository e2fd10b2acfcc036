import { useTranslation } from 'react-i18next';
import type { CacheProblem, PendingChangeSummary } from '../../../shared/contracts/ipc';
import { formatDateTime } from '../i18n/format';
import { useSession } from '../stores/session';
import { CenteredPanel } from './CenteredPanel';
import { ErrorMessage } from './ErrorMessage';

function PendingChanges({ problem }: { problem: CacheProblem }) {
  const { t } = useTranslation();
  if (!problem.pendingReadable) return <p className="notice">{t('cacheProblem.pendingUnreadable')}</p>;
  if (problem.pending.length === 0) return <p className="muted">{t('cacheProblem.noPending')}</p>;
  return (
    <section aria-labelledby="pending-title">
      <h2 id="pending-title">{t('cacheProblem.pendingTitle')}</h2>
      <ul className="pending-list">
        {problem.pending.map((change: PendingChangeSummary) => (
          <li key={change.mutationId}>
            <strong>{t(`mutation.${change.type}`)}</strong>
            <span>{change.patientName ?? t('cacheProblem.unknownPatient')}</span>
            <span className="muted">
              {t('cacheProblem.queuedAt', { at: formatDateTime(change.queuedAt) })}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** A decision before local data is deleted: nothing unsent is lost without the user's say. */
export function CacheProblemScreen({ problem }: { problem: CacheProblem }) {
  const { t } = useTranslation();
  const { resolveProblem, busy, error } = useSession();
  const choose = (choice: 'retry' | 'discard' | 'cancel') => void resolveProblem(problem.id, choice);

  return (
    <CenteredPanel title={t('cacheProblem.title')}>
      <p>{t(`cacheProblem.cause.${problem.cause}`)}</p>
      <p className="muted">{t(`cacheProblem.consequence.${problem.action}`)}</p>
      <PendingChanges problem={problem} />
      <ErrorMessage error={error} />
      <div className="button-row">
        <button type="button" onClick={() => choose('retry')} disabled={busy}>
          {t('cacheProblem.retry')}
        </button>
        <button type="button" className="button-danger" onClick={() => choose('discard')} disabled={busy}>
          {t(`cacheProblem.discard.${problem.action}`)}
        </button>
        {problem.pendingReadable && (
          <button type="button" className="button-secondary" onClick={() => choose('cancel')} disabled={busy}>
            {t('cacheProblem.cancel')}
          </button>
        )}
      </div>
    </CenteredPanel>
  );
}
