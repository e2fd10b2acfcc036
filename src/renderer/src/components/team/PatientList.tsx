import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TeamPatient } from '../../../../shared/contracts/ipc';
import type { OpenRecordRequest } from './OpenRecordDialog';
import { PatientTable, type PatientColumn } from './PatientTable';

/**
 * The patients behind a number (the drill-down), each with their therapist. Patients can be
 * chosen, one by one or all, and moved to another therapist of the team together.
 */
export function PatientList({
  title,
  patients,
  onOpenRecord,
  onReassign,
  onClose,
}: {
  title: string;
  patients: TeamPatient[];
  onOpenRecord: (request: OpenRecordRequest) => void;
  onReassign: (patients: TeamPatient[]) => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  // Only the patients still listed count (the list follows sync and the chosen number).
  const chosen = patients.filter((patient) => selected.has(patient.patientId));
  const columns: PatientColumn[] = [
    { key: 'week', header: t('team.patient.week'), cell: (patient) => <WeekLabel patient={patient} /> },
    { key: 'flags', header: t('team.patient.flags'), cell: (patient) => <FlagCounts patient={patient} /> },
    { key: 'unanswered', header: t('team.patient.unanswered'), cell: (patient) => patient.unanswered },
  ];
  return (
    <section className="team-drill" aria-labelledby="team-drill-title">
      <header className="team-drill-header">
        <h2 id="team-drill-title" tabIndex={-1}>
          {title} <span className="muted">({patients.length})</span>
        </h2>
        <div className="button-row">
          <button type="button" disabled={chosen.length === 0} onClick={() => onReassign(chosen)}>
            {t('team.reassign.open', { count: chosen.length })}
          </button>
          <button type="button" className="button-secondary" onClick={onClose}>
            {t('team.drill.close')}
          </button>
        </div>
      </header>
      {patients.length === 0 ? (
        <p className="state-message">{t('team.drill.none')}</p>
      ) : (
        <PatientTable
          patients={patients}
          columns={columns}
          selection={{ selected, onChange: setSelected }}
          onOpenRecord={onOpenRecord}
        />
      )}
    </section>
  );
}

function FlagCounts({ patient }: { patient: TeamPatient }) {
  const { t } = useTranslation();
  return (
    <>
      {patient.openFlags.urgent > 0 && (
        <span className="flag-urgent">{t('team.flags.urgent', { count: patient.openFlags.urgent })} </span>
      )}
      {patient.openFlags.risk > 0 && (
        <span className="flag-risk">{t('team.flags.risk', { count: patient.openFlags.risk })}</span>
      )}
    </>
  );
}

/** Where a patient is in the programme, in words. */
function WeekLabel({ patient }: { patient: TeamPatient }) {
  const { t } = useTranslation();
  const week = patient.programmeWeek;
  if (typeof week === 'number') return <>{t('team.patient.weekNo', { week })}</>;
  return <>{week === 'ended' ? t('team.patient.ended') : t('team.patient.notStarted')}</>;
}
