import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { StaffAccount } from '../../../../shared/contracts/admin';
import type { StaffRole, Team } from '../../../../shared/contracts/domain';
import type { InvitedStaff } from '../../../../shared/contracts/ipc';
import { useSession } from '../../stores/session';
import { ModalDialog } from '../ModalDialog';
import { Problem } from './Problem';
import { SetupLinkNotice } from './SetupLinkNotice';
import { useAdminCall } from './useAdminCall';

const ROLES: StaffRole[] = ['therapist', 'team_lead', 'admin'];

/** Staff accounts: invite one (with a setup link to hand over), reset a password, deactivate. */
export function StaffPanel({
  staff,
  teams,
  onChanged,
}: {
  staff: StaffAccount[];
  teams: Team[];
  onChanged: () => void;
}) {
  const { t } = useTranslation();
  const { busy, problem, run } = useAdminCall();
  const [displayName, setDisplayName] = useState('');
  const [username, setUsername] = useState('');
  const [role, setRole] = useState<StaffRole>('therapist');
  const [teamId, setTeamId] = useState('');
  const [invited, setInvited] = useState<InvitedStaff | null>(null);
  const [deactivating, setDeactivating] = useState<StaffAccount | null>(null);
  const titleRef = useRef<HTMLHeadingElement>(null);
  // The portal refuses an administrator's reset or deactivation of their own account.
  const ownId = useSession((state) =>
    state.session && 'account' in state.session ? state.session.account.staffId : null,
  );
  const teamName = (id: string) => teams.find((team) => team.id === id)?.name ?? '';
  const chosenTeam = role === 'admin' ? null : teamId || teams[0]?.id || null;

  async function create(event: FormEvent) {
    event.preventDefault();
    const created = await run(() =>
      window.api['admin.createStaff']({ displayName, username, role, teamId: chosenTeam }),
    );
    if (created) {
      setInvited(created);
      setDisplayName('');
      setUsername('');
      onChanged();
    }
  }

  async function reset(member: StaffAccount) {
    const done = await run(() => window.api['admin.resetPassword']({ staffId: member.id }));
    if (done) {
      setInvited(done);
      onChanged();
    }
  }

  async function deactivate(member: StaffAccount) {
    setDeactivating(null);
    if (await run(() => window.api['admin.deactivateStaff']({ staffId: member.id }))) {
      onChanged();
      // The row's buttons go with the account's activity: focus the panel rather than lose it.
      titleRef.current?.focus();
    }
  }

  return (
    <section aria-labelledby="admin-staff-title" className="admin-panel">
      <h2 id="admin-staff-title" ref={titleRef} tabIndex={-1}>
        {t('admin.staff.title')}
      </h2>
      {invited && <SetupLinkNotice link={invited.link} name={invited.staff.displayName} />}
      <table className="admin-table">
        <thead>
          <tr>
            <th scope="col">{t('admin.staff.name')}</th>
            <th scope="col">{t('admin.staff.username')}</th>
            <th scope="col">{t('admin.staff.role')}</th>
            <th scope="col">{t('admin.staff.team')}</th>
            <th scope="col">{t('admin.staff.status')}</th>
            <th scope="col">
              <span className="visually-hidden">{t('admin.staff.actions')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {staff.map((member) => (
            <tr key={member.id}>
              <td>{member.displayName}</td>
              <td>{member.username}</td>
              <td>{t(`role.${member.role}`)}</td>
              <td>{member.teamIds.map(teamName).join(', ')}</td>
              <td>
                {!member.active
                  ? t('admin.staff.inactive')
                  : member.awaitingSetup
                    ? t('admin.staff.awaitingSetup')
                    : t('admin.staff.active')}
              </td>
              <td className="admin-actions">
                {member.active && member.id !== ownId && (
                  <>
                    <button
                      type="button"
                      className="button-secondary"
                      disabled={busy}
                      onClick={() => void reset(member)}
                      aria-label={t('admin.staff.reset', { name: member.displayName })}
                    >
                      {t('admin.staff.resetShort')}
                    </button>
                    <button
                      type="button"
                      className="button-secondary"
                      disabled={busy}
                      onClick={() => setDeactivating(member)}
                      aria-label={t('admin.staff.deactivate', { name: member.displayName })}
                    >
                      {t('admin.staff.deactivateShort')}
                    </button>
                  </>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h3>{t('admin.staff.invite')}</h3>
      <form className="form admin-form" onSubmit={create}>
        <label htmlFor="staff-name">{t('admin.staff.name')}</label>
        <input
          id="staff-name"
          required
          maxLength={200}
          value={displayName}
          onChange={(event) => setDisplayName(event.target.value)}
        />
        <label htmlFor="staff-username">{t('admin.staff.username')}</label>
        <input
          id="staff-username"
          required
          maxLength={200}
          autoComplete="off"
          value={username}
          onChange={(event) => setUsername(event.target.value)}
        />
        <label htmlFor="staff-role">{t('admin.staff.role')}</label>
        <select id="staff-role" value={role} onChange={(event) => setRole(event.target.value as StaffRole)}>
          {ROLES.map((option) => (
            <option key={option} value={option}>
              {t(`role.${option}`)}
            </option>
          ))}
        </select>
        {role !== 'admin' && (
          <>
            <label htmlFor="staff-team">{t('admin.staff.team')}</label>
            <select
              id="staff-team"
              value={chosenTeam ?? ''}
              onChange={(event) => setTeamId(event.target.value)}
            >
              {teams.map((team) => (
                <option key={team.id} value={team.id}>
                  {team.name}
                </option>
              ))}
            </select>
          </>
        )}
        <button type="submit" disabled={busy || (role !== 'admin' && teams.length === 0)}>
          {t('admin.staff.create')}
        </button>
      </form>
      <Problem text={problem} />
      {deactivating && (
        <ModalDialog
          title={t('admin.staff.deactivate', { name: deactivating.displayName })}
          onClose={() => setDeactivating(null)}
          testId="deactivate-dialog"
        >
          <p>{t('admin.staff.confirmDeactivate', { name: deactivating.displayName })}</p>
          {/* Cancel first: the native dialog focuses it, so Enter right away keeps the account. */}
          <div className="button-row">
            <button type="button" className="button-secondary" onClick={() => setDeactivating(null)}>
              {t('admin.cancel')}
            </button>
            <button type="button" className="button-danger" onClick={() => void deactivate(deactivating)}>
              {t('admin.staff.deactivateShort')}
            </button>
          </div>
        </ModalDialog>
      )}
    </section>
  );
}
