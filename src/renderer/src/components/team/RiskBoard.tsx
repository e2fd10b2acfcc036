import { useRef, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { RiskFlagRow, TeamView } from '../../../../shared/contracts/ipc';
import { formatDateTime } from '../../i18n/format';
import { useNavigation } from '../../stores/navigation';
import type { OpenRecordRequest } from './OpenRecordDialog';

const ROW_MOVES: Record<string, (index: number, last: number) => number> = {
  ArrowDown: (i, last) => Math.min(i + 1, last),
  j: (i, last) => Math.min(i + 1, last),
  ArrowUp: (i) => Math.max(i - 1, 0),
  k: (i) => Math.max(i - 1, 0),
  Home: () => 0,
  End: (_i, last) => last,
};

/**
 * Every unresolved flag of the team, urgent first, then the oldest. Arrow keys (or j/k) move
 * between flags; Enter opens the flagged patient: at once when their record is open to the user,
 * otherwise through the reason dialog, with acute risk follow-up proposed.
 */
export function RiskBoard({
  view,
  onOpenRecord,
}: {
  view: TeamView;
  onOpenRecord: (request: OpenRecordRequest) => void;
}) {
  const { t } = useTranslation();
  const open = useNavigation((state) => state.open);
  const body = useRef<HTMLTableSectionElement>(null);

  function openFlag(row: RiskFlagRow) {
    const patient = view.patients[row.patientId];
    if (!patient) return;
    if (patient.access === 'record') open({ screen: 'patient', patientId: patient.patientId });
    else onOpenRecord({ patientId: patient.patientId, patientName: patient.name, suggested: 'acute-risk' });
  }

  function onKeyDown(event: KeyboardEvent<HTMLTableRowElement>, index: number) {
    if (event.key === 'Enter') {
      event.preventDefault();
      openFlag(view.riskBoard[index]!);
      return;
    }
    const move = ROW_MOVES[event.key];
    if (!move) return;
    event.preventDefault();
    body.current?.querySelectorAll<HTMLElement>('tr')[move(index, view.riskBoard.length - 1)]?.focus();
  }

  if (view.riskBoard.length === 0) return <p className="state-message">{t('team.risk.none')}</p>;
  return (
    <>
      <p id="risk-keyboard-hint" className="muted">
        {t('team.risk.keyboardHint')}
      </p>
      <table className="team-table team-risk" aria-describedby="risk-keyboard-hint">
        <caption className="visually-hidden">{t('team.tabs.risk')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('team.risk.severity')}</th>
            <th scope="col">{t('team.patient.name')}</th>
            <th scope="col">{t('team.patient.therapist')}</th>
            <th scope="col">{t('team.risk.reason')}</th>
            <th scope="col">{t('team.risk.raised')}</th>
            <th scope="col">{t('team.risk.status')}</th>
            <th scope="col">
              <span className="visually-hidden">{t('team.patient.actions')}</span>
            </th>
          </tr>
        </thead>
        <tbody ref={body}>
          {view.riskBoard.map((row, index) => {
            const patient = view.patients[row.patientId];
            return (
              <tr
                key={row.flagId}
                tabIndex={index === 0 ? 0 : -1}
                className={`team-risk-row team-risk-${row.severity}${row.overdue ? ' team-risk-overdue' : ''}`}
                onKeyDown={(event) => onKeyDown(event, index)}
              >
                <td>
                  <span className={`chip chip-${row.severity}-flag`}>{t(`team.risk.${row.severity}`)}</span>
                </td>
                <th scope="row">{patient?.name ?? '–'}</th>
                <td>{patient?.therapistName ?? t('team.patient.noTherapist')}</td>
                <td>
                  {t(`team.flagReason.${row.reasonCode}`, { defaultValue: t('team.flagReason.other') })}
                </td>
                <td>{formatDateTime(row.raisedAt)}</td>
                <td>
                  {row.status === 'acknowledged'
                    ? t('team.risk.acknowledged', {
                        who: row.acknowledgedByName ?? '–',
                        at: formatDateTime(row.acknowledgedAt ?? row.raisedAt),
                      })
                    : row.overdue
                      ? t('team.risk.unacknowledgedLong')
                      : t('team.risk.unacknowledged')}
                </td>
                <td>
                  <button
                    type="button"
                    className="button-secondary"
                    tabIndex={-1}
                    onClick={() => openFlag(row)}
                  >
                    {patient?.access === 'record' ? t('team.patient.show') : t('team.patient.openRecord')}
                  </button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </>
  );
}
