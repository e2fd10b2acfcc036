import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PatientDetail } from '../../../../shared/contracts/ipc';
import { formatDateTime } from '../../i18n/format';
import { OpenRecordDialog } from '../team/OpenRecordDialog';

/**
 * What of the record the user sees. A team lead who only oversees the patient is told that
 * messages, homework and notes are not shown, and can open the record with a reason (the team
 * screens' dialog: a grant the patient sees in their access log); the record then arrives with the
 * sync and the screen reads it again. Under a grant, until when the record stays open.
 */
export function RecordAccess({ detail }: { detail: PatientDetail }) {
  const { t } = useTranslation();
  const [opening, setOpening] = useState(false);
  const { level, openUntil } = detail.access;
  if (level === 'record' && !openUntil) return null;
  return (
    <div className="record-access" data-testid="record-access" data-level={level}>
      {level === 'oversight' ? (
        <>
          <p>{t('patient.access.oversight')}</p>
          <button type="button" onClick={() => setOpening(true)}>
            {t('patient.access.openRecord')}
          </button>
        </>
      ) : (
        <p>{t('patient.access.openUntil', { at: formatDateTime(openUntil!) })}</p>
      )}
      {opening && (
        <OpenRecordDialog
          request={{
            patientId: detail.patient.id,
            patientName: `${detail.patient.givenName} ${detail.patient.familyName}`,
          }}
          onClose={() => setOpening(false)}
        />
      )}
    </div>
  );
}
