import { useTranslation } from 'react-i18next';
import type { TeamView, TherapistLoad } from '../../../../shared/contracts/ipc';

export type ListName = keyof TherapistLoad['lists'];

/** One drill-down: whose list (a therapist's, or the team's) and which. */
export interface Drill {
  staffId: string | null;
  list: ListName;
}

/**
 * Capacity per therapist and for the team. Every number is a button that opens the patients
 * behind it (the drill-down).
 */
export function CapacityTable({
  view,
  onDrill,
  onSetTarget,
}: {
  view: TeamView;
  onDrill: (drill: Drill) => void;
  /** Opens the dialog that sets a therapist's target capacity. */
  onSetTarget: (therapist: TherapistLoad) => void;
}) {
  const { t } = useTranslation();
  const therapistOf = new Map(view.therapists.map((therapist) => [therapist.staffId, therapist]));
  const rows: (Omit<TherapistLoad, 'staffId' | 'displayName' | 'active'> & {
    staffId: string | null;
    displayName: string;
    active: boolean;
  })[] = [
    ...view.therapists,
    { ...view.totals, staffId: null, displayName: t('team.capacity.total'), active: true },
  ];
  const number = (row: (typeof rows)[number], list: ListName, value: number, label: string) => (
    <button
      type="button"
      className="team-number"
      aria-label={t('team.capacity.drillLabel', { what: label, who: row.displayName, count: value })}
      onClick={() => onDrill({ staffId: row.staffId, list })}
    >
      {value}
    </button>
  );
  return (
    <table className="team-table team-capacity">
      <caption className="visually-hidden">{t('team.tabs.capacity')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('team.capacity.therapist')}</th>
          <th scope="col">{t('team.capacity.caseload')}</th>
          <th scope="col">{t('team.capacity.flagged')}</th>
          <th scope="col">{t('team.capacity.starts')}</th>
          <th scope="col">{t('team.capacity.ends')}</th>
          <th scope="col">{t('team.capacity.round')}</th>
          <th scope="col">{t('team.capacity.overdue', { count: view.replyDeadlineWorkingDays })}</th>
          <th scope="col">{t('team.capacity.replyTime')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => {
          const full = row.capacity > 0 && row.caseload >= row.capacity;
          return (
            <tr key={row.staffId ?? 'total'} className={row.staffId === null ? 'team-total' : undefined}>
              <th scope="row">
                {row.displayName}
                {!row.active && <span className="muted"> · {t('team.capacity.inactive')}</span>}
              </th>
              <td className={full ? 'team-full' : undefined}>
                {number(row, 'caseload', row.caseload, t('team.capacity.caseload'))}
                <span className="muted"> / </span>
                {row.staffId === null ? (
                  <span className="muted">{row.capacity}</span>
                ) : (
                  <button
                    type="button"
                    className="team-number team-target"
                    aria-label={t('team.target.label', { name: row.displayName, capacity: row.capacity })}
                    onClick={() => onSetTarget(therapistOf.get(row.staffId!)!)}
                  >
                    {row.capacity}
                  </button>
                )}
                {full && <span className="visually-hidden"> {t('team.capacity.full')}</span>}
              </td>
              <td>{number(row, 'flagged', row.lists.flagged.length, t('team.capacity.flagged'))}</td>
              <td>{number(row, 'startsSoon', row.startsSoon, t('team.capacity.starts'))}</td>
              <td>{number(row, 'endsSoon', row.endsSoon, t('team.capacity.ends'))}</td>
              <td>
                {number(row, 'roundOpen', row.round.due - row.round.done, t('team.capacity.roundOpen'))}
                <span className="muted">
                  {' '}
                  {t('team.capacity.roundOf', { done: row.round.done, due: row.round.due })}
                </span>
              </td>
              <td className={row.overdueReplies > 0 ? 'team-alert' : undefined}>
                {number(row, 'overdueReplies', row.overdueReplies, t('team.capacity.overdueShort'))}
              </td>
              <td>
                {row.medianReplyHours === null
                  ? '–'
                  : t('team.capacity.hours', { count: Math.round(row.medianReplyHours) })}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
