import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Team } from '../../../../shared/contracts/domain';
import { Problem } from './Problem';
import { useAdminCall } from './useAdminCall';

/** The clinic's teams: create one, rename one. */
export function TeamsPanel({ teams, onChanged }: { teams: Team[]; onChanged: () => void }) {
  const { t } = useTranslation();
  const { busy, problem, run } = useAdminCall();
  const [name, setName] = useState('');
  const [renaming, setRenaming] = useState<{ id: string; name: string } | null>(null);

  async function create(event: FormEvent) {
    event.preventDefault();
    if (await run(() => window.api['admin.createTeam']({ name }))) {
      setName('');
      onChanged();
    }
  }

  async function rename(event: FormEvent) {
    event.preventDefault();
    if (!renaming) return;
    if (await run(() => window.api['admin.renameTeam']({ teamId: renaming.id, name: renaming.name }))) {
      setRenaming(null);
      onChanged();
    }
  }

  return (
    <section aria-labelledby="admin-teams-title" className="admin-panel">
      <h2 id="admin-teams-title">{t('admin.teams.title')}</h2>
      {teams.length === 0 ? (
        <p className="muted">{t('admin.teams.none')}</p>
      ) : (
        <ul className="admin-list">
          {teams.map((team) =>
            renaming?.id === team.id ? (
              <li key={team.id}>
                <form className="admin-inline-form" onSubmit={rename}>
                  <label htmlFor={`rename-${team.id}`}>{t('admin.teams.newName', { name: team.name })}</label>
                  <input
                    id={`rename-${team.id}`}
                    required
                    maxLength={200}
                    autoFocus
                    value={renaming.name}
                    onChange={(event) => setRenaming({ id: team.id, name: event.target.value })}
                  />
                  <button type="submit" disabled={busy}>
                    {t('admin.save')}
                  </button>
                  <button type="button" className="button-secondary" onClick={() => setRenaming(null)}>
                    {t('admin.cancel')}
                  </button>
                </form>
              </li>
            ) : (
              <li key={team.id}>
                <span>{team.name}</span>
                <button
                  type="button"
                  className="button-secondary"
                  onClick={() => setRenaming({ id: team.id, name: team.name })}
                  aria-label={t('admin.teams.rename', { name: team.name })}
                >
                  {t('admin.teams.renameShort')}
                </button>
              </li>
            ),
          )}
        </ul>
      )}
      <form className="form" onSubmit={create}>
        <label htmlFor="new-team-name">{t('admin.teams.name')}</label>
        <input
          id="new-team-name"
          required
          maxLength={200}
          value={name}
          onChange={(event) => setName(event.target.value)}
        />
        <button type="submit" disabled={busy}>
          {t('admin.teams.create')}
        </button>
      </form>
      <Problem text={problem} />
    </section>
  );
}
