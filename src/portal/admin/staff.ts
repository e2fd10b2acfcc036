import { randomUUID } from 'node:crypto';
import type { NewStaffRequest, StaffAccount, StaffWithLink } from '../../shared/contracts/admin';
import type { Caller } from '../auth/principal';
import { revokeFamily } from '../auth/tokens';
import { audit } from '../audit/audit';
import { CareError, recordNotFound } from '../care/errors';
import { logChanges } from '../data/changes';
import { entitySources } from '../data/records';
import type { Queryable } from '../db/db';
import { clinicSettings, theClinic } from './clinic';
import { issueSetupLink, revokeSetupLinks } from './setupLinks';

/** The staff record as synced, plus the login name and whether the account still waits for setup. */
const STAFF_ACCOUNT_SQL = `SELECT ${entitySources.staff.select}, a.username, a.password_hash IS NULL AS "awaitingSetup"
  FROM staff JOIN account a ON a.principal_id = staff.id`;

function toStaffAccount(row: Record<string, unknown>): StaffAccount {
  return { ...row, updatedAt: (row.updatedAt as Date).toISOString() } as StaffAccount;
}

export async function listStaffAccounts(db: Queryable): Promise<StaffAccount[]> {
  const found = await db.query(`${STAFF_ACCOUNT_SQL} ORDER BY staff.display_name, staff.id`);
  return found.rows.map(toStaffAccount);
}

async function staffAccount(db: Queryable, staffId: string): Promise<StaffAccount> {
  const found = await db.query(`${STAFF_ACCOUNT_SQL} WHERE staff.id = $1`, [staffId]);
  const row = found.rows[0];
  if (!row) throw recordNotFound('staff member');
  return toStaffAccount(row);
}

/** Refuses a login name another account (staff or patient) already has. */
export async function requireFreeUsername(tx: Queryable, username: string): Promise<void> {
  const taken = await tx.query('SELECT 1 FROM account WHERE username = $1', [username]);
  if (taken.rowCount > 0) {
    throw new CareError('conflict', 'that user name is taken', { code: 'username_taken' });
  }
}

/**
 * A new staff account without a password, and a one-time setup link where its owner chooses one.
 * Therapists and team leads work in a team, administrators in none. Audited; the team's members
 * and the administrators pull the new colleague.
 */
export async function createStaffAccount(
  tx: Queryable,
  caller: Caller,
  request: NewStaffRequest,
): Promise<StaffWithLink> {
  const id = await insertStaff(tx, request);
  // A capacity chosen here is the therapist's own target: the clinic's default no longer moves it.
  if (request.caseloadCapacity !== undefined) {
    await tx.query('UPDATE staff SET capacity_set_at = now() WHERE id = $1', [id]);
  }
  await audit(tx, caller, [{ patientId: null, action: 'create', resource: `staff:${id}` }]);
  const setupLink = await issueSetupLink(tx, id, caller.principal.id);
  return { staff: await staffAccount(tx, id), setupLink };
}

/** The rows of a new staff member and their account (password null until set), logged for sync. */
export async function insertStaff(
  tx: Queryable,
  request: NewStaffRequest,
  passwordHash: string | null = null,
): Promise<string> {
  if ((request.role === 'admin') !== (request.teamId === null)) {
    throw new CareError(
      'invalid',
      request.role === 'admin'
        ? 'an administrator belongs to no team'
        : 'therapists and team leads need a team',
    );
  }
  if (request.teamId !== null) {
    const team = await tx.query('SELECT 1 FROM team WHERE id = $1', [request.teamId]);
    if (team.rowCount === 0) throw recordNotFound('team');
  }
  await requireFreeUsername(tx, request.username);
  const clinic = await theClinic(tx);
  const capacity =
    request.caseloadCapacity ??
    (request.role === 'therapist' ? (await clinicSettings(tx, clinic.id)).staff.defaultCaseloadCapacity : 0);
  const id = randomUUID();
  await tx.query('INSERT INTO staff (id, display_name, role, caseload_capacity) VALUES ($1, $2, $3, $4)', [
    id,
    request.displayName,
    request.role,
    capacity,
  ]);
  await tx.query(
    "INSERT INTO account (principal_id, kind, username, password_hash) VALUES ($1, 'staff', $2, $3)",
    [id, request.username, passwordHash],
  );
  if (request.teamId !== null) {
    await tx.query('INSERT INTO staff_team (staff_id, team_id) VALUES ($1, $2)', [id, request.teamId]);
  }
  await logChanges(tx, [{ op: 'upsert', entity: 'staff', id, patientId: null, teamId: request.teamId }]);
  return id;
}

/** Ends every session of an account: its workstations' token families and its browser sessions. */
export async function endSessionsOf(tx: Queryable, principalId: string): Promise<void> {
  const families = await tx.query<{ family_id: string }>(
    'SELECT DISTINCT family_id FROM session WHERE principal_id = $1 AND revoked_at IS NULL',
    [principalId],
  );
  for (const { family_id } of families.rows) await revokeFamily(tx, family_id);
  await tx.query('UPDATE web_session SET ended_at = now() WHERE principal_id = $1 AND ended_at IS NULL', [
    principalId,
  ]);
}

async function staffTeams(tx: Queryable, staffId: string): Promise<string[]> {
  const found = await tx.query<{ team_id: string }>('SELECT team_id FROM staff_team WHERE staff_id = $1', [
    staffId,
  ]);
  return found.rows.map((row) => row.team_id);
}

function refuseSelf(caller: Caller, staffId: string, what: string): void {
  if (caller.principal.id === staffId)
    throw new CareError('conflict', `an administrator cannot ${what} their own account`);
}

/**
 * Deactivates a staff account: it can no longer sign in, every session it has ends at once (the
 * workstation hears "account inactive" at its next request), and its setup links stop working.
 * Its patients stay assigned until a team lead reassigns them.
 */
export async function deactivateStaff(tx: Queryable, caller: Caller, staffId: string): Promise<StaffAccount> {
  refuseSelf(caller, staffId, 'deactivate');
  const updated = await tx.query('UPDATE staff SET active = false, updated_at = now() WHERE id = $1', [
    staffId,
  ]);
  if (updated.rowCount === 0) throw recordNotFound('staff member');
  await endSessionsOf(tx, staffId);
  await revokeSetupLinks(tx, staffId);
  const teams = await staffTeams(tx, staffId);
  await logChanges(
    tx,
    (teams.length ? teams : [null]).map((teamId) => ({
      op: 'upsert' as const,
      entity: 'staff' as const,
      id: staffId,
      patientId: null,
      teamId,
    })),
  );
  await audit(tx, caller, [{ patientId: null, action: 'deactivate', resource: `staff:${staffId}` }]);
  return staffAccount(tx, staffId);
}

/**
 * Resets a staff member's password: the old one stops working, their sessions end, and a new
 * setup link lets them choose another. An administrator never sets someone else's password.
 */
export async function resetStaffPassword(
  tx: Queryable,
  caller: Caller,
  staffId: string,
): Promise<StaffWithLink> {
  refuseSelf(caller, staffId, 'reset the password of');
  const staff = await staffAccount(tx, staffId);
  if (!staff.active)
    throw new CareError('conflict', 'the account is deactivated', { code: 'account_inactive' });
  await tx.query('UPDATE account SET password_hash = NULL WHERE principal_id = $1', [staffId]);
  await endSessionsOf(tx, staffId);
  await audit(tx, caller, [{ patientId: null, action: 'reset-password', resource: `staff:${staffId}` }]);
  const setupLink = await issueSetupLink(tx, staffId, caller.principal.id);
  return { staff: { ...staff, awaitingSetup: true }, setupLink };
}
