import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { GRANT_HOURS } from '../../../../shared/contracts/actions';
import { GrantReason } from '../../../../shared/contracts/domain';
import { TEXT_MAX } from '../../../../shared/contracts/fields';
import { ActionDialog } from './ActionDialog';
import { ReasonChoice, reasonComplete, reasonFields, type StatedReason } from './ReasonChoice';

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
  const [stated, setStated] = useState<StatedReason<GrantReason>>({
    reason: request.suggested ?? null,
    reasonText: '',
  });
  const [hours, setHours] = useState<number>(GRANT_HOURS.default);
  return (
    <ActionDialog
      title={t('team.open.title', { name: request.patientName })}
      confirmLabel={t('team.open.confirm')}
      canConfirm={reasonComplete(stated)}
      // The record arrives with the next pull, which confirming asks for now.
      perform={() =>
        window.api['record.open']({ patientId: request.patientId, hours, ...reasonFields(stated) })
      }
      onClose={onClose}
    >
      <p className="muted">{t('team.open.explain')}</p>
      <ReasonChoice
        name="reason"
        legend={t('team.open.reason')}
        options={GrantReason.options}
        labelOf={(option) => t(`team.grantReason.${option}`)}
        value={stated}
        onChange={setStated}
        textLabel={t('team.open.reasonText')}
        maxLength={TEXT_MAX.grantReason}
        textHint={t('team.open.reasonTextPrivate')}
      />
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
