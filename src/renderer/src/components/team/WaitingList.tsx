import { useTranslation } from 'react-i18next';
import type { TeamView } from '../../../../shared/contracts/ipc';
import { PatientAction } from './PatientList';
import type { OpenRecordRequest } from './OpenRecordDialog';

/** Referred and assessed patients with their prescreening scores and the programme's exclusion signals. */
export function WaitingList({
  view,
  onOpenRecord,
}: {
  view: TeamView;
  onOpenRecord: (request: OpenRecordRequest) => void;
}) {
  const { t } = useTranslation();
  if (view.waitingList.length === 0) return <p className="state-message">{t('team.waiting.none')}</p>;
  return (
    <table className="team-table">
      <caption className="visually-hidden">{t('team.tabs.waiting')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('team.patient.name')}</th>
          <th scope="col">{t('team.patient.programme')}</th>
          <th scope="col">{t('team.waiting.status')}</th>
          <th scope="col">{t('team.waiting.scores')}</th>
          <th scope="col">{t('team.waiting.signals')}</th>
          <th scope="col">{t('team.patient.therapist')}</th>
          <th scope="col">
            <span className="visually-hidden">{t('team.patient.actions')}</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {view.waitingList.map((waiting) => {
          const patient = view.patients[waiting.patientId]!;
          return (
            <tr key={waiting.patientId}>
              <th scope="row">{patient.name}</th>
              <td>{t(`programme.${patient.programme}`)}</td>
              <td>{t(`team.waiting.${patient.status === 'assessment' ? 'assessment' : 'referred'}`)}</td>
              <td>
                {waiting.scores.length === 0
                  ? t('team.waiting.noScores')
                  : waiting.scores
                      .map((score) => `${score.instrumentId.toUpperCase()} ${score.total}`)
                      .join(', ')}
              </td>
              <td>
                {waiting.signals.map((signal) => (
                  <span key={signal} className="chip chip-risk-flag">
                    {t(`team.waiting.signal.${signal}`)}
                  </span>
                ))}
              </td>
              <td>{patient.therapistName ?? t('team.patient.noTherapist')}</td>
              <td>
                <PatientAction patient={patient} onOpenRecord={onOpenRecord} />
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
