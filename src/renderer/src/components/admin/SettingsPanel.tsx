import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ClinicSettings } from '../../../../shared/contracts/admin';
import { Problem } from './Problem';
import { useAdminCall } from './useAdminCall';

type NumberSetting = 'defaultCaseloadCapacity' | 'replyDeadlineDays' | 'idleLockMinutes';
const STAFF_NUMBERS: { key: NumberSetting; min: number; max: number }[] = [
  { key: 'defaultCaseloadCapacity', min: 0, max: 200 },
  { key: 'replyDeadlineDays', min: 1, max: 14 },
  { key: 'idleLockMinutes', min: 1, max: 120 },
];

/** The clinic's settings for staff and workstations, and what the patient pages tell patients. */
export function SettingsPanel({ settings, onSaved }: { settings: ClinicSettings; onSaved: () => void }) {
  const { t } = useTranslation();
  const { busy, problem, run } = useAdminCall();
  const [draft, setDraft] = useState(settings);
  const [saved, setSaved] = useState(false);

  async function save(event: FormEvent) {
    event.preventDefault();
    setSaved(false);
    if (await run(() => window.api['admin.saveSettings'](draft))) {
      setSaved(true);
      onSaved();
    }
  }

  const setStaff = (key: NumberSetting, value: string) =>
    setDraft({ ...draft, staff: { ...draft.staff, [key]: Number(value) } });

  return (
    <section aria-labelledby="admin-settings-title" className="admin-panel">
      <h2 id="admin-settings-title">{t('admin.settings.title')}</h2>
      <form className="form admin-form" onSubmit={save}>
        <fieldset>
          <legend>{t('admin.settings.staff')}</legend>
          {STAFF_NUMBERS.map(({ key, min, max }) => (
            <div className="admin-field" key={key}>
              <label htmlFor={`setting-${key}`}>{t(`admin.settings.${key}`)}</label>
              <input
                id={`setting-${key}`}
                type="number"
                required
                min={min}
                max={max}
                value={draft.staff[key]}
                onChange={(event) => setStaff(key, event.target.value)}
              />
            </div>
          ))}
        </fieldset>
        <fieldset>
          <legend>{t('admin.settings.patients')}</legend>
          <div className="admin-field">
            <label htmlFor="setting-reply-within">{t('admin.settings.replyWithinWorkingDays')}</label>
            <input
              id="setting-reply-within"
              type="number"
              required
              min={1}
              max={10}
              value={draft.patientInfo.replyWithinWorkingDays}
              onChange={(event) =>
                setDraft({
                  ...draft,
                  patientInfo: { ...draft.patientInfo, replyWithinWorkingDays: Number(event.target.value) },
                })
              }
            />
          </div>
          <div className="admin-field">
            <label htmlFor="setting-dps">{t('admin.settings.localPsychiatricCentre')}</label>
            <textarea
              id="setting-dps"
              maxLength={300}
              rows={2}
              aria-describedby="setting-dps-hint"
              value={draft.patientInfo.localPsychiatricCentre}
              onChange={(event) =>
                setDraft({
                  ...draft,
                  patientInfo: { ...draft.patientInfo, localPsychiatricCentre: event.target.value },
                })
              }
            />
            <p id="setting-dps-hint" className="muted">
              {t('admin.settings.localPsychiatricCentreHint')}
            </p>
          </div>
        </fieldset>
        <button type="submit" disabled={busy}>
          {t('admin.save')}
        </button>
        {saved && (
          <p role="status" className="muted">
            {t('admin.settings.saved')}
          </p>
        )}
      </form>
      <Problem text={problem} />
    </section>
  );
}
