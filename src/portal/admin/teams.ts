import { randomUUID } from 'node:crypto';
import type { Team } from '../../shared/contracts/domain';
import type { Caller } from '../auth/principal';
import { audit } from '../audit/audit';
import { recordNotFound } from '../care/errors';
import { logChanges } from '../data/changes';
import { loadRecords } from '../data/records';
import type { Queryable } from '../db/db';
import { theClinic } from './clinic';

/** A new team in the clinic; its members (none yet) and the administrators pull it. */
export async function createTeam(tx: Queryable, caller: Caller, name: string): Promise<Team> {
  const clinic = await theClinic(tx);
  const id = randomUUID();
  await tx.query('INSERT INTO team (id, clinic_id, name) VALUES ($1, $2, $3)', [id, clinic.id, name]);
  return teamChanged(tx, caller, id, 'create');
}

export async function renameTeam(tx: Queryable, caller: Caller, teamId: string, name: string): Promise<Team> {
  const updated = await tx.query('UPDATE team SET name = $2, updated_at = now() WHERE id = $1', [
    teamId,
    name,
  ]);
  if (updated.rowCount === 0) throw recordNotFound('team');
  return teamChanged(tx, caller, teamId, 'update');
}

async function teamChanged(tx: Queryable, caller: Caller, teamId: string, action: string): Promise<Team> {
  await logChanges(tx, [{ op: 'upsert', entity: 'team', id: teamId, patientId: null, teamId }]);
  await audit(tx, caller, [{ patientId: null, action, resource: `team:${teamId}` }]);
  return (await loadRecords(tx, 'team', [teamId]))[0]!;
}
