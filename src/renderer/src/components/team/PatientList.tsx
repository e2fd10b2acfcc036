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

/** The patients behind a number (the drill-down), each with their therapist. */
export function PatientList({
  title,
  patients,
  onOpenRecord,
  onClose,
}: {
  title: string;
  patients: TeamPatient[];
  onOpenRecord: (request: OpenRecordRequest) => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  return (
    <section className="team-drill" aria-labelledby="team-drill-title">
      <header className="team-drill-header">
        <h2 id="team-drill-title" tabIndex={-1}>
          {title} <span className="muted">({patients.length})</span>
        </h2>
        <button type="button" className="button-secondary" onClick={onClose}>
          {t('team.drill.close')}
        </button>
      </header>
      {patients.length === 0 ? (
        <p className="state-message">{t('team.drill.none')}</p>
      ) : (
        <table className="team-table">
          <thead>
            <tr>
              <th scope="col">{t('team.patient.name')}</th>
              <th scope="col">{t('team.patient.therapist')}</th>
              <th scope="col">{t('team.patient.programme')}</th>
              <th scope="col">{t('team.patient.week')}</th>
              <th scope="col">{t('team.patient.flags')}</th>
              <th scope="col">{t('team.patient.unanswered')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('team.patient.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {patients.map((patient) => (
              <tr key={patient.patientId}>
                <th scope="row">{patient.name}</th>
                <td>{patient.therapistName ?? t('team.patient.noTherapist')}</td>
                <td>{t(`programme.${patient.programme}`)}</td>
                <td>
                  <WeekLabel patient={patient} />
                </td>
                <td>
                  {patient.openFlags.urgent > 0 && (
                    <span className="flag-urgent">
                      {t('team.flags.urgent', { count: patient.openFlags.urgent })}{' '}
                    </span>
                  )}
                  {patient.openFlags.risk > 0 && (
                    <span className="flag-risk">
                      {t('team.flags.risk', { count: patient.openFlags.risk })}
                    </span>
                  )}
                </td>
                <td>{patient.unanswered}</td>
                <td>
                  <PatientAction patient={patient} onOpenRecord={onOpenRecord} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** Where a patient is in the programme, in words. */
function WeekLabel({ patient }: { patient: TeamPatient }) {
  const { t } = useTranslation();
  const week = patient.programmeWeek;
  if (typeof week === 'number') return <>{t('team.patient.weekNo', { week })}</>;
  return <>{week === 'ended' ? t('team.patient.ended') : t('team.patient.notStarted')}</>;
}
