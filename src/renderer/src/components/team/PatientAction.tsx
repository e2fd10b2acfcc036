import { useTranslation } from 'react-i18next';
import type { TeamPatient } from '../../../../shared/contracts/ipc';
import { formatDateTime } from '../../i18n/format';
import { useNavigation } from '../../stores/navigation';
import type { OpenRecordRequest } from './OpenRecordDialog';

/** What a team lead does with a patient: look at an open record, or open it with a reason. */
export function PatientAction({
  patient,
  onOpenRecord,
  suggested,
}: {
  patient: TeamPatient;
  onOpenRecord: (request: OpenRecordRequest) => void;
  suggested?: OpenRecordRequest['suggested'];
}) {
  const { t } = useTranslation();
  const open = useNavigation((state) => state.open);
  if (patient.access === 'record') {
    return (
      <button
        type="button"
        className="button-secondary"
        onClick={() => open({ screen: 'patient', patientId: patient.patientId })}
      >
        {t('team.patient.show')}
        {patient.openUntil && (
          <span className="muted">
            {' '}
            · {t('team.patient.openUntil', { at: formatDateTime(patient.openUntil) })}
          </span>
        )}
      </button>
    );
  }
  return (
    <button
      type="button"
      className="button-secondary"
      onClick={() => onOpenRecord({ patientId: patient.patientId, patientName: patient.name, suggested })}
    >
      {t('team.patient.openRecord')}
    </button>
  );
}
