import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Programme, Team } from '../../../../shared/contracts/domain';
import type { ReferredPatient } from '../../../../shared/contracts/ipc';
import { isValidNationalId } from '../../../../shared/identity/nationalId';
import { Problem } from './Problem';
import { SetupLinkNotice } from './SetupLinkNotice';
import { useAdminCall } from './useAdminCall';

const PROGRAMMES: Programme[] = ['panic', 'social-anxiety', 'depression'];
const EMPTY = { givenName: '', familyName: '', nationalId: '', phone: '', username: '' };

/**
 * Registers a referred patient (an administrator for any team, a team lead for their own): the
 * patient gets a one-time link to the patient pages and joins the team's waiting list.
 */
export function ReferralForm({ teams, onReferred }: { teams: Team[]; onReferred?: () => void }) {
  const { t } = useTranslation();
  const { busy, problem, run } = useAdminCall();
  const [fields, setFields] = useState(EMPTY);
  const [programme, setProgramme] = useState<Programme>('panic');
  const [teamId, setTeamId] = useState('');
  const [referred, setReferred] = useState<{ patient: ReferredPatient; name: string } | null>(null);
  const chosenTeam = teamId || teams[0]?.id || '';
  const idDigits = fields.nationalId.replace(/[\s-]/g, '');
  const idInvalid = idDigits.length > 0 && !isValidNationalId(idDigits);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (idInvalid) return;
    const patient = await run(() =>
      window.api['referral.create']({
        givenName: fields.givenName,
        familyName: fields.familyName,
        nationalId: idDigits,
        phone: fields.phone.trim() || null,
        programme,
        teamId: chosenTeam,
        username: fields.username,
      }),
    );
    if (patient) {
      setReferred({ patient, name: `${fields.givenName} ${fields.familyName}` });
      setFields(EMPTY);
      onReferred?.();
    }
  }

  const input = (name: keyof typeof EMPTY, options: { required?: boolean; autoComplete?: string } = {}) => (
    <>
      <label htmlFor={`referral-${name}`}>{t(`admin.referral.${name}`)}</label>
      <input
        id={`referral-${name}`}
        required={options.required ?? true}
        autoComplete={options.autoComplete ?? 'off'}
        maxLength={200}
        value={fields[name]}
        onChange={(event) => setFields({ ...fields, [name]: event.target.value })}
        {...(name === 'nationalId'
          ? {
              inputMode: 'numeric' as const,
              'aria-invalid': idInvalid,
              'aria-describedby': 'referral-id-hint',
            }
          : {})}
      />
      {name === 'nationalId' && (
        <p id="referral-id-hint" className={idInvalid ? 'field-problem' : 'muted'}>
          {idInvalid ? t('admin.referral.nationalIdInvalid') : t('admin.referral.nationalIdHint')}
        </p>
      )}
    </>
  );

  return (
    <section aria-labelledby="admin-referral-title" className="admin-panel">
      <h2 id="admin-referral-title">{t('admin.referral.title')}</h2>
      {referred && <SetupLinkNotice link={referred.patient.link} name={referred.name} />}
      <form className="form admin-form" onSubmit={submit}>
        {input('givenName')}
        {input('familyName')}
        {input('nationalId')}
        {input('phone', { required: false })}
        <label htmlFor="referral-programme">{t('admin.referral.programme')}</label>
        <select
          id="referral-programme"
          value={programme}
          onChange={(event) => setProgramme(event.target.value as Programme)}
        >
          {PROGRAMMES.map((option) => (
            <option key={option} value={option}>
              {t(`admin.programme.${option}`)}
            </option>
          ))}
        </select>
        <label htmlFor="referral-team">{t('admin.referral.team')}</label>
        <select id="referral-team" value={chosenTeam} onChange={(event) => setTeamId(event.target.value)}>
          {teams.map((team) => (
            <option key={team.id} value={team.id}>
              {team.name}
            </option>
          ))}
        </select>
        {input('username')}
        <button type="submit" disabled={busy || teams.length === 0}>
          {t('admin.referral.submit')}
        </button>
      </form>
      <Problem text={problem} />
    </section>
  );
}
