import { useTranslation } from 'react-i18next';
import type { CapacityChange } from './capacityEffect';

/** "Kari: 24 → 25 of 25", per therapist a decision touches; announced as it changes. */
export function CapacityEffect({ changes }: { changes: readonly CapacityChange[] }) {
  const { t } = useTranslation();
  return (
    <div className="team-capacity-effect" aria-live="polite">
      <h3>{t('team.action.effect')}</h3>
      <ul>
        {changes.map((change) => {
          const over = change.capacity > 0 && change.to > change.capacity;
          return (
            <li key={change.staffId} className={over ? 'team-over-capacity' : undefined}>
              {t('team.action.effectLine', {
                name: change.name,
                from: change.from,
                to: change.to,
                capacity: change.capacity,
              })}
              {over && <strong> · {t('team.action.overCapacity')}</strong>}
            </li>
          );
        })}
      </ul>
    </div>
  );
}

/** A therapist of the team to choose, with their caseload now. */
export function TherapistSelect({
  therapists,
  value,
  onChange,
}: {
  therapists: readonly { staffId: string; displayName: string; caseload: number; capacity: number }[];
  value: string;
  onChange: (staffId: string) => void;
}) {
  const { t } = useTranslation();
  return (
    <label className="team-field">
      {t('team.action.therapist')}
      <select value={value} required onChange={(event) => onChange(event.target.value)}>
        <option value="" disabled>
          {t('team.action.chooseTherapist')}
        </option>
        {therapists.map((therapist) => (
          <option key={therapist.staffId} value={therapist.staffId}>
            {t('team.action.therapistOption', {
              name: therapist.displayName,
              caseload: therapist.caseload,
              capacity: therapist.capacity,
            })}
          </option>
        ))}
      </select>
    </label>
  );
}
