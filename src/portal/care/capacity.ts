import { requireRole } from '../access/scope';
import { clinicSettings, theClinic } from '../admin/clinic';
import { audit } from '../audit/audit';
import type { Caller } from '../auth/principal';
import { logChanges } from '../data/changes';
import type { Queryable } from '../db/db';
import { recordNotFound } from './errors';

/**
 * A team lead sets a therapist's target caseload, or (null) returns it to the clinic's default,
 * which it then follows when the clinic's settings change. A therapist outside the caller's teams
 * answers like one that does not exist.
 */
export async function setCaseloadCapacity(
  tx: Queryable,
  caller: Caller,
  { therapistId, capacity }: { therapistId: string; capacity: number | null },
): Promise<void> {
  requireRole(caller, 'team_lead');
  const found = await tx.query(
    `SELECT 1 FROM staff s JOIN staff_team st ON st.staff_id = s.id
       JOIN staff_team mine ON mine.team_id = st.team_id AND mine.staff_id = $2
      WHERE s.id = $1 AND s.role = 'therapist' LIMIT 1`,
    [therapistId, caller.principal.id],
  );
  if (found.rowCount === 0) throw recordNotFound('therapist');
  const target =
    capacity ?? (await clinicSettings(tx, (await theClinic(tx)).id)).staff.defaultCaseloadCapacity;
  await tx.query(
    `UPDATE staff SET caseload_capacity = $2, capacity_set_at = CASE WHEN $3 THEN now() END, updated_at = now()
      WHERE id = $1`,
    [therapistId, target, capacity !== null],
  );
  await logStaffChanges(tx, [therapistId]);
  await audit(tx, caller, [{ patientId: null, action: 'update', resource: `staff.capacity:${therapistId}` }]);
}

/** The clinic's default capacity changed: every therapist without a target of their own follows it. */
export async function followDefaultCapacity(tx: Queryable, capacity: number): Promise<void> {
  const moved = await tx.query<{ id: string }>(
    `UPDATE staff SET caseload_capacity = $1, updated_at = now()
      WHERE role = 'therapist' AND capacity_set_at IS NULL AND caseload_capacity <> $1 RETURNING id`,
    [capacity],
  );
  await logStaffChanges(
    tx,
    moved.rows.map((row) => row.id),
  );
}

/** Staff records changed: the members of each one's teams get the new record. */
async function logStaffChanges(tx: Queryable, staffIds: readonly string[]): Promise<void> {
  if (staffIds.length === 0) return;
  const memberships = await tx.query<{ staff_id: string; team_id: string }>(
    'SELECT staff_id, team_id FROM staff_team WHERE staff_id = ANY($1::uuid[])',
    [staffIds],
  );
  await logChanges(
    tx,
    memberships.rows.map((row) => ({
      op: 'upsert' as const,
      entity: 'staff' as const,
      id: row.staff_id,
      patientId: null,
      teamId: row.team_id,
    })),
  );
}
