import type { EntityKind } from '../../shared/contracts/domain';
import type { Queryable } from '../db/db';

/** The channel on which committed changes announce which staff members should pull. */
export const NUDGE_CHANNEL = 'portal_nudge';

/** Beyond this many recipients a notification just says "everyone" (NOTIFY payloads are small). */
const MAX_NAMED_RECIPIENTS = 150;

export type ChangeOp = 'upsert' | 'delete';

export interface RecordChange {
  op: ChangeOp;
  entity: EntityKind;
  id: string;
  /** The patient the record belongs to; null for teams and staff. */
  patientId: string | null;
  /** For organisation records: the team whose members see the change. */
  teamId?: string | null;
}

/**
 * Records changes to synced data in the change log, inside the writer's transaction, and queues a
 * NOTIFY naming every staff member who can see them. PostgreSQL delivers the NOTIFY only when the
 * transaction commits, so a nudge never announces a change that was rolled back.
 */
export async function logChanges(tx: Queryable, changes: readonly RecordChange[]): Promise<void> {
  if (changes.length === 0) return;
  const patientIds = [...new Set(changes.flatMap((change) => (change.patientId ? [change.patientId] : [])))];
  const teamIds = [...new Set(changes.flatMap((change) => (change.teamId ? [change.teamId] : [])))];
  await logAndNotify(
    tx,
    `INSERT INTO change_log (entity, entity_id, op, patient_id, team_id)
     SELECT * FROM unnest($1::text[], $2::uuid[], $3::text[], $4::uuid[], $5::uuid[])`,
    `SELECT staff_id FROM patient_access WHERE patient_id = ANY($6::uuid[])
     UNION SELECT staff_id FROM staff_team WHERE team_id = ANY($7::uuid[])
     UNION SELECT id FROM staff WHERE role = 'admin' AND cardinality($7::uuid[]) > 0`,
    [
      changes.map((change) => change.entity),
      changes.map((change) => change.id),
      changes.map((change) => change.op),
      changes.map((change) => change.patientId),
      changes.map((change) => change.teamId ?? null),
      patientIds,
      teamIds,
    ],
  );
}

/**
 * A patient's set of staff with access changed: who gained access gets a `grant` (their next pull
 * carries the patient's whole history), who lost it a `revoke` (their next pull drops the patient).
 */
export async function logScopeChange(
  tx: Queryable,
  patientId: string,
  before: readonly string[],
  after: readonly string[],
): Promise<void> {
  const gained = after.filter((id) => !before.includes(id));
  const lost = before.filter((id) => !after.includes(id));
  const audiences = [...gained, ...lost];
  if (audiences.length === 0) return;
  await logAndNotify(
    tx,
    `INSERT INTO change_log (entity, entity_id, op, patient_id, audience_staff_id)
     SELECT 'patient', $1, op, $1, staff_id FROM unnest($2::text[], $3::uuid[]) AS scope (op, staff_id)`,
    'SELECT unnest($3::uuid[]) AS staff_id',
    [patientId, [...gained.map(() => 'grant'), ...lost.map(() => 'revoke')], audiences],
  );
}

/** The staff members who can currently see a patient. */
export async function staffWithAccess(tx: Queryable, patientId: string): Promise<string[]> {
  const result = await tx.query<{ staff_id: string }>(
    'SELECT staff_id FROM patient_access WHERE patient_id = $1 ORDER BY staff_id',
    [patientId],
  );
  return result.rows.map((row) => row.staff_id);
}

/** Writes the change-log rows and queues the NOTIFY to their recipients in one round trip. */
async function logAndNotify(tx: Queryable, insertSql: string, recipientsSql: string, params: unknown[]) {
  await tx.query(
    `WITH written AS (${insertSql}), recipients AS (${recipientsSql})
     SELECT pg_notify('${NUDGE_CHANNEL}',
       CASE WHEN count(*) > ${MAX_NAMED_RECIPIENTS} THEN '"*"' ELSE json_agg(staff_id)::text END)
       FROM recipients HAVING count(*) > 0`,
    params,
  );
}
