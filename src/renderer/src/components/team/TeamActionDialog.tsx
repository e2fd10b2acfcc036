import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { localDateOf } from '../../../../shared/clinical/localDate';
import { DeclineReason } from '../../../../shared/contracts/domain';
import { TEXT_MAX } from '../../../../shared/contracts/fields';
import type { TeamPatient, TeamView, TherapistLoad } from '../../../../shared/contracts/ipc';
import { ActionDialog } from './ActionDialog';
import { CapacityEffect, TherapistSelect } from './CapacityEffect';
import { capacityEffect } from './capacityEffect';
import { ReasonChoice, reasonComplete, reasonFields, type StatedReason } from './ReasonChoice';

/** A decision the team lead is about to make, and on whom. */
export type TeamAction =
  | { kind: 'enrol'; patient: TeamPatient }
  | { kind: 'decline'; patient: TeamPatient }
  | { kind: 'reassign'; patients: TeamPatient[] }
  | { kind: 'capacity'; therapist: TherapistLoad };

/** The dialog of each decision; each shows its effect before the user confirms. */
export function TeamActionDialog({
  view,
  action,
  onClose,
}: {
  view: TeamView;
  action: TeamAction;
  onClose: () => void;
}) {
  switch (action.kind) {
    case 'enrol':
      return <EnrolDialog view={view} patient={action.patient} onClose={onClose} />;
    case 'decline':
      return <DeclineDialog patient={action.patient} onClose={onClose} />;
    case 'reassign':
      return <ReassignDialog view={view} patients={action.patients} onClose={onClose} />;
    case 'capacity':
      return <CapacityDialog therapist={action.therapist} onClose={onClose} />;
  }
}

const activeTherapists = (view: TeamView) => view.therapists.filter((therapist) => therapist.active);

function EnrolDialog({
  view,
  patient,
  onClose,
}: {
  view: TeamView;
  patient: TeamPatient;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const today = localDateOf(new Date());
  const [therapistId, setTherapistId] = useState(patient.therapistId ?? '');
  const [startDate, setStartDate] = useState(today);
  return (
    <ActionDialog
      title={t('team.enrol.title', { name: patient.name })}
      confirmLabel={t('team.enrol.confirm')}
      canConfirm={therapistId !== '' && startDate >= today}
      perform={() => window.api['waiting.enrol']({ patientId: patient.patientId, therapistId, startDate })}
      onClose={onClose}
    >
      <p className="muted">{t('team.enrol.explain')}</p>
      <TherapistSelect therapists={activeTherapists(view)} value={therapistId} onChange={setTherapistId} />
      <label className="team-field">
        {t('team.enrol.startDate')}
        <input
          type="date"
          value={startDate}
          min={today}
          required
          onChange={(event) => setStartDate(event.target.value)}
        />
      </label>
      {therapistId && <CapacityEffect changes={capacityEffect(view, therapistId, [], 1)} />}
    </ActionDialog>
  );
}

function DeclineDialog({ patient, onClose }: { patient: TeamPatient; onClose: () => void }) {
  const { t } = useTranslation();
  const [stated, setStated] = useState<StatedReason<DeclineReason>>({ reason: null, reasonText: '' });
  return (
    <ActionDialog
      title={t('team.decline.title', { name: patient.name })}
      confirmLabel={t('team.decline.confirm')}
      canConfirm={reasonComplete(stated)}
      perform={() => window.api['waiting.decline']({ patientId: patient.patientId, ...reasonFields(stated) })}
      onClose={onClose}
    >
      <p className="muted">{t('team.decline.explain')}</p>
      <ReasonChoice
        name="decline-reason"
        legend={t('team.decline.reason')}
        options={DeclineReason.options}
        labelOf={(option) => t(`team.declineReason.${option}`)}
        value={stated}
        onChange={setStated}
        textLabel={t('team.decline.reasonText')}
        maxLength={TEXT_MAX.declineReason}
      />
    </ActionDialog>
  );
}

function ReassignDialog({
  view,
  patients,
  onClose,
}: {
  view: TeamView;
  patients: TeamPatient[];
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [therapistId, setTherapistId] = useState('');
  // Moving patients to the therapist who already has them all is no move.
  const current = new Set(patients.map((patient) => patient.therapistId));
  const choices = activeTherapists(view).filter(
    (therapist) => !(current.size === 1 && current.has(therapist.staffId)),
  );
  return (
    <ActionDialog
      title={t('team.reassign.title', { count: patients.length })}
      confirmLabel={t('team.reassign.confirm', { count: patients.length })}
      canConfirm={therapistId !== ''}
      perform={() =>
        window.api['team.reassign']({ patientIds: patients.map((patient) => patient.patientId), therapistId })
      }
      onClose={onClose}
    >
      <p className="muted">{t('team.reassign.explain')}</p>
      <ul className="team-dialog-patients">
        {patients.map((patient) => (
          <li key={patient.patientId}>
            {patient.name}{' '}
            <span className="muted">({patient.therapistName ?? t('team.patient.noTherapist')})</span>
          </li>
        ))}
      </ul>
      <TherapistSelect therapists={choices} value={therapistId} onChange={setTherapistId} />
      {therapistId && <CapacityEffect changes={capacityEffect(view, therapistId, patients)} />}
    </ActionDialog>
  );
}

function CapacityDialog({ therapist, onClose }: { therapist: TherapistLoad; onClose: () => void }) {
  const { t } = useTranslation();
  const [capacity, setCapacity] = useState(String(therapist.capacity));
  const [followDefault, setFollowDefault] = useState(false);
  const value = Number(capacity);
  const valid = followDefault || (capacity !== '' && Number.isInteger(value) && value >= 0 && value <= 200);
  return (
    <ActionDialog
      title={t('team.target.title', { name: therapist.displayName })}
      confirmLabel={t('team.target.confirm')}
      canConfirm={valid}
      perform={() =>
        window.api['team.setCapacity']({
          therapistId: therapist.staffId,
          capacity: followDefault ? null : value,
        })
      }
      onClose={onClose}
    >
      <p className="muted">{t('team.target.explain', { caseload: therapist.caseload })}</p>
      <label className="team-field">
        {t('team.target.capacity')}
        <input
          type="number"
          min={0}
          max={200}
          step={1}
          value={capacity}
          disabled={followDefault}
          onChange={(event) => setCapacity(event.target.value)}
        />
      </label>
      <label className="team-choice">
        <input
          type="checkbox"
          checked={followDefault}
          onChange={(event) => setFollowDefault(event.target.checked)}
        />
        {t('team.target.followDefault')}
      </label>
    </ActionDialog>
  );
}
