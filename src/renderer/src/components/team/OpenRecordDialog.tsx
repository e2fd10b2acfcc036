import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { GRANT_HOURS } from '../../../../shared/contracts/actions';
import { GrantReason } from '../../../../shared/contracts/domain';
import { TEXT_MAX } from '../../../../shared/contracts/fields';
import type { IpcError } from '../../../../shared/contracts/ipc';
import { ErrorMessage } from '../ErrorMessage';

const DURATIONS = [1, 4, 8, GRANT_HOURS.default, GRANT_HOURS.max] as const;

export interface OpenRecordRequest {
  patientId: string;
  patientName: string;
  /** The reason to start from, e.g. acute risk from the risk board. */
  suggested?: GrantReason;
}

/**
 * Opening a patient's whole record: a reason from the fixed list (free text only for "other") and
 * how long. A modal dialog, so focus stays in it until the user confirms or cancels (Escape).
 */
export function OpenRecordDialog({
  request,
  onClose,
}: {
  request: OpenRecordRequest;
  onClose: (opened: boolean) => void;
}) {
  const { t } = useTranslation();
  const dialog = useRef<HTMLDialogElement>(null);
  const [reason, setReason] = useState<GrantReason | null>(request.suggested ?? null);
  const [reasonText, setReasonText] = useState('');
  const [hours, setHours] = useState<number>(GRANT_HOURS.default);
  const [error, setError] = useState<IpcError | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    const element = dialog.current;
    element?.showModal();
    return () => element?.close();
  }, []);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!reason) return;
    setBusy(true);
    const result = await window.api['record.open']({
      patientId: request.patientId,
      reason,
      hours,
      ...(reason === 'other' ? { reasonText } : {}),
    });
    setBusy(false);
    if (!result.ok) {
      setError(result.error);
      return;
    }
    // The record arrives with the next pull: ask for it now rather than at the next timer.
    void window.api['sync.now']();
    onClose(true);
  }

  const canSubmit = reason !== null && (reason !== 'other' || reasonText.trim().length > 0) && !busy;
  return (
    <dialog
      ref={dialog}
      className="open-record-dialog"
      aria-labelledby="open-record-title"
      onCancel={(event) => {
        event.preventDefault();
        onClose(false);
      }}
    >
      <form onSubmit={(event) => void submit(event)}>
        <h2 id="open-record-title">{t('team.open.title', { name: request.patientName })}</h2>
        <p className="muted">{t('team.open.explain')}</p>
        <fieldset>
          <legend>{t('team.open.reason')}</legend>
          {GrantReason.options.map((option) => (
            <label key={option} className="open-record-reason">
              <input
                type="radio"
                name="reason"
                value={option}
                checked={reason === option}
                onChange={() => setReason(option)}
              />
              {t(`team.grantReason.${option}`)}
            </label>
          ))}
        </fieldset>
        {reason === 'other' && (
          <label className="open-record-text">
            {t('team.open.reasonText')}
            <textarea
              value={reasonText}
              maxLength={TEXT_MAX.grantReason}
              required
              rows={2}
              onChange={(event) => setReasonText(event.target.value)}
            />
            <span className="muted">{t('team.open.reasonTextPrivate')}</span>
          </label>
        )}
        <label className="open-record-hours">
          {t('team.open.duration')}
          <select value={hours} onChange={(event) => setHours(Number(event.target.value))}>
            {DURATIONS.map((option) => (
              <option key={option} value={option}>
                {t('team.open.hours', { count: option })}
              </option>
            ))}
          </select>
        </label>
        <ErrorMessage error={error} />
        <div className="button-row">
          <button type="submit" disabled={!canSubmit}>
            {t('team.open.confirm')}
          </button>
          <button type="button" className="button-secondary" onClick={() => onClose(false)}>
            {t('team.open.cancel')}
          </button>
        </div>
      </form>
    </dialog>
  );
}
