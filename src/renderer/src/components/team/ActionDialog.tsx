import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { IpcError, IpcResult } from '../../../../shared/contracts/ipc';
import { ErrorMessage } from '../ErrorMessage';

/**
 * A team lead's decision in a modal dialog: focus stays inside until the user confirms or cancels
 * (Escape), and returns to where it was. Confirming performs the action; a refusal is shown in the
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
  const dialog = useRef<HTMLDialogElement>(null);
  const [error, setError] = useState<IpcError | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    const element = dialog.current;
    // The dialog is gone from the page before this cleanup runs, so the browser cannot give focus
    // back by itself: it goes back to the control that opened the dialog, if still there.
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    element?.showModal();
    return () => {
      element?.close();
      if (opener?.isConnected) opener.focus();
    };
  }, []);

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
    <dialog
      ref={dialog}
      className="team-dialog"
      aria-labelledby="team-dialog-title"
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
    >
      <form onSubmit={(event) => void submit(event)}>
        <h2 id="team-dialog-title">{title}</h2>
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
    </dialog>
  );
}
