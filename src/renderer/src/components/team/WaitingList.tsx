import { useTranslation } from 'react-i18next';
import type { TeamPatient, TeamView } from '../../../../shared/contracts/ipc';
import type { OpenRecordRequest } from './OpenRecordDialog';
import { PatientTable, type PatientColumn } from './PatientTable';
import type { TeamAction } from './TeamActionDialog';

/**
 * Referred and assessed patients with their prescreening scores and the programme's exclusion
 * signals; each can be enrolled (a therapist and a start) or declined with a reason.
 */
export function WaitingList({
  view,
  onOpenRecord,
  onAction,
}: {
  view: TeamView;
  onOpenRecord: (request: OpenRecordRequest) => void;
  onAction: (action: TeamAction) => void;
}) {
  const { t } = useTranslation();
  if (view.waitingList.length === 0) return <p className="state-message">{t('team.waiting.none')}</p>;
  const waiting = new Map(view.waitingList.map((entry) => [entry.patientId, entry]));
  const patients = view.waitingList.flatMap((entry) => view.patients[entry.patientId] ?? []);
  const columns: PatientColumn[] = [
    {
      key: 'status',
      header: t('team.waiting.status'),
      cell: (patient) => t(`team.waiting.${patient.status === 'assessment' ? 'assessment' : 'referred'}`),
    },
    {
      key: 'scores',
      header: t('team.waiting.scores'),
      cell: (patient) => {
        const scores = waiting.get(patient.patientId)!.scores;
        return scores.length === 0
          ? t('team.waiting.noScores')
          : scores.map((score) => `${score.instrumentId.toUpperCase()} ${score.total}`).join(', ');
      },
    },
    {
      key: 'signals',
      header: t('team.waiting.signals'),
      cell: (patient) =>
        waiting.get(patient.patientId)!.signals.map((signal) => (
          <span key={signal} className="chip chip-risk-flag">
            {t(`team.waiting.signal.${signal}`)}
          </span>
        )),
    },
  ];
  const decisions = (patient: TeamPatient) => (
    <>
      <button
        type="button"
        aria-label={t('team.enrol.for', { name: patient.name })}
        onClick={() => onAction({ kind: 'enrol', patient })}
      >
        {t('team.enrol.open')}
      </button>
      <button
        type="button"
        className="button-secondary"
        aria-label={t('team.decline.for', { name: patient.name })}
        onClick={() => onAction({ kind: 'decline', patient })}
      >
        {t('team.decline.open')}
      </button>
    </>
  );
  return (
    <PatientTable
      caption={t('team.tabs.waiting')}
      patients={patients}
      columns={columns}
      actions={decisions}
      onOpenRecord={onOpenRecord}
    />
  );
}
