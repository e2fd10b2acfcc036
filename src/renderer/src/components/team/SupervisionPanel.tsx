import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { GRANT_HOURS, SUPERVISION_SAMPLE } from '../../../../shared/contracts/actions';
import type { TeamView } from '../../../../shared/contracts/ipc';
import { formatDateTime } from '../../i18n/format';
import { useNavigation } from '../../stores/navigation';
import { ActionDialog } from './ActionDialog';

/**
 * Supervision: each week the team lead opens a sample of a therapist's sent messages. The portal
 * draws it at random among the messages of the last 7 days (once a week per therapist), and opens
 * each sampled patient's record with the reason "supervision"; they are listed here to open.
 */
export function SupervisionPanel({ view }: { view: TeamView }) {
  const { t } = useTranslation();
  const open = useNavigation((state) => state.open);
  const [drawing, setDrawing] = useState<{ staffId: string; displayName: string } | null>(null);
  const sampled = (staffId: string) =>
    view.supervision.flatMap((opening) => {
      const patient = view.patients[opening.patientId];
      return patient?.therapistId === staffId ? [{ ...opening, name: patient.name }] : [];
    });

  return (
    <section aria-labelledby="team-supervision-title">
      <h2 id="team-supervision-title" className="visually-hidden">
        {t('team.tabs.supervision')}
      </h2>
      <p className="muted">{t('team.supervision.explain', { hours: GRANT_HOURS.default })}</p>
      <table className="team-table">
        <caption className="visually-hidden">{t('team.tabs.supervision')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('team.capacity.therapist')}</th>
            <th scope="col">{t('team.supervision.opened')}</th>
            <th scope="col">
              <span className="visually-hidden">{t('team.patient.actions')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {view.therapists.map((therapist) => {
            const openings = sampled(therapist.staffId);
            return (
              <tr key={therapist.staffId}>
                <th scope="row">{therapist.displayName}</th>
                <td>
                  {openings.length === 0 ? (
                    <span className="muted">{t('team.supervision.none')}</span>
                  ) : (
                    <ul className="team-supervision-list">
                      {openings.map((opening) => (
                        <li key={opening.patientId}>
                          <button
                            type="button"
                            className="button-secondary"
                            onClick={() => open({ screen: 'patient', patientId: opening.patientId })}
                          >
                            {opening.name}
                          </button>{' '}
                          <span className="muted">
                            {t('team.patient.openUntil', { at: formatDateTime(opening.expiresAt) })}
                          </span>
                        </li>
                      ))}
                    </ul>
                  )}
                </td>
                <td>
                  <button
                    type="button"
                    className="button-secondary"
                    onClick={() =>
                      setDrawing({ staffId: therapist.staffId, displayName: therapist.displayName })
                    }
                  >
                    {t('team.supervision.draw')}
                    <span className="visually-hidden"> {therapist.displayName}</span>
                  </button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {drawing && <SampleDialog therapist={drawing} onClose={() => setDrawing(null)} />}
    </section>
  );
}

/** How many messages to sample (three unless changed); the portal draws them. */
function SampleDialog({
  therapist,
  onClose,
}: {
  therapist: { staffId: string; displayName: string };
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [size, setSize] = useState<number>(SUPERVISION_SAMPLE.default);
  const valid = Number.isInteger(size) && size >= 1 && size <= SUPERVISION_SAMPLE.max;
  return (
    <ActionDialog
      title={t('team.supervision.dialogTitle', { name: therapist.displayName })}
      confirmLabel={t('team.supervision.confirm')}
      canConfirm={valid}
      // The sampled records arrive with the next pull, which confirming asks for now.
      perform={() => window.api['supervision.sample']({ therapistId: therapist.staffId, size })}
      onClose={onClose}
    >
      <p className="muted">{t('team.supervision.dialogExplain')}</p>
      <label className="team-field">
        {t('team.supervision.size')}
        <input
          type="number"
          min={1}
          max={SUPERVISION_SAMPLE.max}
          value={Number.isNaN(size) ? '' : size}
          required
          onChange={(event) => setSize(event.target.valueAsNumber)}
        />
      </label>
    </ActionDialog>
  );
}
