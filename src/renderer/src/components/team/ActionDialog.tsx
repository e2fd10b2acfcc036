import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { IpcError, IpcResult } from '../../../../shared/contracts/ipc';
import { ErrorMessage } from '../ErrorMessage';
import { ModalDialog } from '../ModalDialog';

/**
 * A team lead's decision in the app's modal dialog (focus stays inside until the user confirms or
 * cancels with Escape, and returns to where it was). Confirming performs the action; a refusal is shown in the
 * dialog, which stays open; once queued, the portal is asked now rather than at the next timer.
 */
export function ActionDialog({
  title,
  children,
  confirmLabel,
  canConfirm,
  perform,
  onClose,
}: {
  title: string;
  children: ReactNode;
  confirmLabel: string;
  canConfirm: boolean;
  perform: () => Promise<IpcResult<unknown>>;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [error, setError] = useState<IpcError | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!canConfirm || busy) return;
    setBusy(true);
    const result = await perform();
    setBusy(false);
    if (!result.ok) {
      setError(result.error);
      return;
    }
    void window.api['sync.now']();
    onClose();
  }

  return (
    <ModalDialog title={title} onClose={onClose} className="team-dialog">
      <form onSubmit={(event) => void submit(event)}>
        {children}
        <ErrorMessage error={error} />
        <div className="button-row">
          <button type="submit" disabled={!canConfirm || busy}>
            {confirmLabel}
          </button>
          <button type="button" className="button-secondary" onClick={onClose}>
            {t('team.action.cancel')}
          </button>
        </div>
      </form>
    </ModalDialog>
  );
}
