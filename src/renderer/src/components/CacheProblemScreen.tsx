import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AccountView, CacheProblem, PendingChangeSummary } from '../../../shared/contracts/ipc';
import { formatDateTime } from '../i18n/format';
import { useSession } from '../stores/session';
import { CenteredPanel } from './CenteredPanel';
import { ErrorMessage } from './ErrorMessage';
import { PasswordForm } from './PasswordForm';

/** The text of each change, ready to paste elsewhere: the user's own work, kept from being lost. */
function asPlainText(
  changes: PendingChangeSummary[],
  label: (change: PendingChangeSummary) => string,
): string {
  return changes
    .filter((change) => change.text !== null)
    .map((change) => `${label(change)}\n${change.text}`)
    .join('\n\n');
}

function PendingChanges({ problem }: { problem: CacheProblem }) {
  const { t } = useTranslation();
  const [copied, setCopied] = useState<string | null>(null);
  if (!problem.pendingReadable) return <p className="notice">{t('cacheProblem.pendingUnreadable')}</p>;
  if (problem.pending.length === 0) return <p className="muted">{t('cacheProblem.noPending')}</p>;

  const label = (change: PendingChangeSummary) =>
    `${t(`mutation.${change.type}`)} · ${change.patientName ?? t('cacheProblem.unknownPatient')} · ${formatDateTime(change.queuedAt)}`;
  const copy = (id: string, text: string) =>
    void navigator.clipboard.writeText(text).then(
      () => setCopied(id),
      () => setCopied(null),
    );
  const withText = problem.pending.some((change) => change.text !== null);

  return (
    <section aria-labelledby="pending-title">
      <h2 id="pending-title">
        {t(problem.action === 'revoked' ? 'cacheProblem.pendingTitleRevoked' : 'cacheProblem.pendingTitle')}
      </h2>
      <ul className="pending-list">
        {problem.pending.map((change) => (
          <li key={change.mutationId} className="pending-change">
            <strong>{t(`mutation.${change.type}`)}</strong>
            <span>{change.patientName ?? t('cacheProblem.unknownPatient')}</span>
            <span className="muted">
              {t('cacheProblem.queuedAt', { at: formatDateTime(change.queuedAt) })}
            </span>
            {change.text !== null && (
              <>
                <textarea
                  className="pending-text"
                  readOnly
                  value={change.text}
                  aria-label={t('cacheProblem.textOf', { change: label(change) })}
                />
                <button
                  type="button"
                  className="button-secondary"
                  onClick={() => copy(change.mutationId, change.text ?? '')}
                >
                  {copied === change.mutationId ? t('cacheProblem.copied') : t('cacheProblem.copy')}
                </button>
              </>
            )}
          </li>
        ))}
      </ul>
      {withText && (
        <div className="button-row">
          <button
            type="button"
            className="button-secondary"
            onClick={() => copy('all', asPlainText(problem.pending, label))}
          >
            {copied === 'all' ? t('cacheProblem.copied') : t('cacheProblem.copyAll')}
          </button>
        </div>
      )}
    </section>
  );
}

/** A decision before local data is deleted: nothing unsent is lost without the user's say. */
export function CacheProblemScreen({ problem, account }: { problem: CacheProblem; account: AccountView }) {
  const { t } = useTranslation();
  const { resolveProblem, busy, error } = useSession();
  const choose = (choice: 'retry' | 'discard' | 'cancel') => void resolveProblem(problem.id, choice);
  const revoked = problem.action === 'revoked';
  // A deactivated account cannot sign in again; every other choice stays open.
  const canRetry = problem.cause !== 'account-inactive';

  return (
    <CenteredPanel title={t(revoked ? 'cacheProblem.revokedTitle' : 'cacheProblem.title')}>
      <p>{t(`cacheProblem.cause.${problem.cause}`)}</p>
      <p className="muted">{t(`cacheProblem.consequence.${problem.action}`)}</p>
      <PendingChanges problem={problem} />
      {problem.detailsHidden && problem.pending.length > 0 && (
        <>
          <p className="muted">{t('cacheProblem.unlockToSee')}</p>
          <PasswordForm account={account} submitLabel={t('cacheProblem.showChanges')} />
        </>
      )}
      {!problem.detailsHidden && <ErrorMessage error={error} />}
      <div className="button-row">
        {canRetry && (
          <button type="button" onClick={() => choose('retry')} disabled={busy}>
            {t(revoked ? 'cacheProblem.signInAgain' : 'cacheProblem.retry')}
          </button>
        )}
        <button type="button" className="button-danger" onClick={() => choose('discard')} disabled={busy}>
          {t(`cacheProblem.discard.${problem.action}`)}
        </button>
        {problem.pendingReadable && !revoked && (
          <button type="button" className="button-secondary" onClick={() => choose('cancel')} disabled={busy}>
            {t('cacheProblem.cancel')}
          </button>
        )}
      </div>
    </CenteredPanel>
  );
}
