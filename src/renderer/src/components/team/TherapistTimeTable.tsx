import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { IpcError, PatientTime, TeamView, TherapistTimeWeek } from '../../../../shared/contracts/ipc';
import { ErrorMessage } from '../ErrorMessage';
import type { OpenRecordRequest } from './OpenRecordDialog';
import { PatientAction } from './PatientAction';

const minutes = (seconds: number) => Math.round(seconds / 60);
const weekNumber = (week: string) => Number(week.slice(6));

interface Shown {
  staffId: string;
  who: string;
  week: string;
  patients: PatientTime[] | null;
  error: IpcError | null;
}

/**
 * Therapist time per patient per week (measured active time in the patient view), each therapist
 * over the last four ISO weeks, beside the 10-20 minutes published routine iCBT clinics report:
 * a reference, not a verdict. Each week's figure opens the patients behind it, asked of main then
 * (the lists are not part of the team view, which thousands of patients make large already).
 */
export function TherapistTimeTable({
  view,
  onOpenRecord,
}: {
  view: TeamView;
  onOpenRecord: (request: OpenRecordRequest) => void;
}) {
  const { t } = useTranslation();
  const { time } = view;
  const [shown, setShown] = useState<Shown | null>(null);
  const isShown = (staffId: string, week: string) => shown?.staffId === staffId && shown.week === week;

  async function show(staffId: string, who: string, week: string) {
    if (isShown(staffId, week)) {
      setShown(null);
      return;
    }
    setShown({ staffId, who, week, patients: null, error: null });
    const result = await window.api['team.timePatients']({ staffId, week });
    setShown((current) =>
      current?.staffId === staffId && current.week === week
        ? { ...current, ...(result.ok ? { patients: result.value } : { error: result.error }) }
        : current,
    );
  }

  const cell = (staffId: string, who: string, week: TherapistTimeWeek) => {
    if (week.patients === 0) return <span className="muted">–</span>;
    const perPatient = minutes(week.seconds / week.patients);
    return (
      <button
        type="button"
        className="team-number"
        aria-expanded={isShown(staffId, week.week)}
        onClick={() => void show(staffId, who, week.week)}
      >
        <span className="visually-hidden">
          {t('team.time.cellPrefix', { who, week: weekNumber(week.week) })}{' '}
        </span>
        {t('team.time.perPatient', { minutes: perPatient })}
        <span className="muted"> {t('team.time.patients', { count: week.patients })}</span>
      </button>
    );
  };

  return (
    <section className="team-time" aria-labelledby="team-time-title">
      <h2 id="team-time-title">{t('team.time.title')}</h2>
      <p className="muted">{t('team.time.explain', { min: time.reference.min, max: time.reference.max })}</p>
      <table className="team-table">
        <caption className="visually-hidden">{t('team.time.title')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('team.capacity.therapist')}</th>
            {time.weeks.map((week) => (
              <th key={week} scope="col">
                {t('team.time.week', { week: weekNumber(week) })}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {time.therapists.map((row) => (
            <tr key={row.staffId}>
              <th scope="row">{row.displayName}</th>
              {row.weeks.map((week) => (
                <td key={week.week}>{cell(row.staffId, row.displayName, week)}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      {shown && <ErrorMessage error={shown.error} />}
      {shown?.patients && (
        <table className="team-table team-time-patients">
          <caption>{t('team.time.patientsTitle', { who: shown.who, week: weekNumber(shown.week) })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('team.patient.name')}</th>
              <th scope="col">{t('team.time.minutes')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('team.patient.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {shown.patients.flatMap(({ patientId, seconds }) => {
              const patient = view.patients[patientId];
              if (!patient) return [];
              return (
                <tr key={patientId}>
                  <th scope="row">{patient.name}</th>
                  <td>{t('team.time.minutesValue', { count: minutes(seconds) })}</td>
                  <td>
                    <PatientAction patient={patient} onOpenRecord={onOpenRecord} suggested="supervision" />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}
