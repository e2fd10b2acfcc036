import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { GRANT_HOURS } from '../../../../shared/contracts/actions';
import { GrantReason } from '../../../../shared/contracts/domain';
import { TEXT_MAX } from '../../../../shared/contracts/fields';
import { ActionDialog } from './ActionDialog';

const DURATIONS = [1, 4, 8, GRANT_HOURS.default, GRANT_HOURS.max] as const;

export interface OpenRecordRequest {
  patientId: string;
  patientName: string;
  /** The reason to start from, e.g. acute risk from the risk board. */
  suggested?: GrantReason;
}

/** Opening a patient's whole record: a reason from the fixed list (free text only for "other") and how long. */
export function OpenRecordDialog({ request, onClose }: { request: OpenRecordRequest; onClose: () => void }) {
  const { t } = useTranslation();
  const [reason, setReason] = useState<GrantReason | null>(request.suggested ?? null);
  const [reasonText, setReasonText] = useState('');
  const [hours, setHours] = useState<number>(GRANT_HOURS.default);
  return (
    <ActionDialog
      title={t('team.open.title', { name: request.patientName })}
      confirmLabel={t('team.open.confirm')}
      canConfirm={reason !== null && (reason !== 'other' || reasonText.trim().length > 0)}
      // The record arrives with the next pull, which confirming asks for now.
      perform={() =>
        window.api['record.open']({
          patientId: request.patientId,
          reason: reason!,
          hours,
          ...(reason === 'other' ? { reasonText } : {}),
        })
      }
      onClose={onClose}
    >
      <p className="muted">{t('team.open.explain')}</p>
      <fieldset>
        <legend>{t('team.open.reason')}</legend>
        {GrantReason.options.map((option) => (
          <label key={option} className="team-choice">
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
        <label className="team-field">
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
      <label className="team-field">
        {t('team.open.duration')}
        <select value={hours} onChange={(event) => setHours(Number(event.target.value))}>
          {DURATIONS.map((option) => (
            <option key={option} value={option}>
              {t('team.open.hours', { count: option })}
            </option>
          ))}
        </select>
      </label>
    </ActionDialog>
  );
}
