import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { TeamPatient } from '../../../../shared/contracts/ipc';
import type { OpenRecordRequest } from './OpenRecordDialog';
import { PatientAction } from './PatientAction';

/** A column a list adds after the patient, their therapist and programme. */
export interface PatientColumn {
  key: string;
  header: string;
  cell: (patient: TeamPatient) => ReactNode;
}

/** Which rows are chosen, for lists that act on several patients at once. */
export interface PatientSelection {
  selected: ReadonlySet<string>;
  onChange: (patientIds: ReadonlySet<string>) => void;
}

/**
 * The team screens' patient table: every row the same patient, therapist and programme, the
 * list's own columns, then what the team lead can do (open the record, and the list's actions).
 */
export function PatientTable({
  caption,
  patients,
  columns,
  selection,
  actions,
  onOpenRecord,
}: {
  caption?: string;
  patients: readonly TeamPatient[];
  columns: readonly PatientColumn[];
  selection?: PatientSelection;
  actions?: (patient: TeamPatient) => ReactNode;
  onOpenRecord: (request: OpenRecordRequest) => void;
}) {
  const { t } = useTranslation();
  const allSelected = selection !== undefined && patients.every((p) => selection.selected.has(p.patientId));
  const toggle = (patientId: string, on: boolean) => {
    if (!selection) return;
    const next = new Set(selection.selected);
    if (on) next.add(patientId);
    else next.delete(patientId);
    selection.onChange(next);
  };
  return (
    <table className="team-table">
      {caption && <caption className="visually-hidden">{caption}</caption>}
      <thead>
        <tr>
          {selection && (
            <th scope="col" className="team-select">
              <input
                type="checkbox"
                aria-label={t('team.select.all')}
                checked={patients.length > 0 && allSelected}
                onChange={(event) =>
                  selection.onChange(
                    new Set(event.target.checked ? patients.map((patient) => patient.patientId) : []),
                  )
                }
              />
            </th>
          )}
          <th scope="col">{t('team.patient.name')}</th>
          <th scope="col">{t('team.patient.therapist')}</th>
          <th scope="col">{t('team.patient.programme')}</th>
          {columns.map((column) => (
            <th key={column.key} scope="col">
              {column.header}
            </th>
          ))}
          <th scope="col">
            <span className="visually-hidden">{t('team.patient.actions')}</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {patients.map((patient) => (
          <tr key={patient.patientId}>
            {selection && (
              <td className="team-select">
                <input
                  type="checkbox"
                  aria-label={t('team.select.one', { name: patient.name })}
                  checked={selection.selected.has(patient.patientId)}
                  onChange={(event) => toggle(patient.patientId, event.target.checked)}
                />
              </td>
            )}
            <th scope="row">{patient.name}</th>
            <td>{patient.therapistName ?? t('team.patient.noTherapist')}</td>
            <td>{t(`programme.${patient.programme}`)}</td>
            {columns.map((column) => (
              <td key={column.key}>{column.cell(patient)}</td>
            ))}
            <td>
              <div className="team-row-actions">
                <PatientAction patient={patient} onOpenRecord={onOpenRecord} />
                {patient.decisionPending ? (
                  <span className="muted">{t('team.action.pending')}</span>
                ) : (
                  actions?.(patient)
                )}
              </div>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
