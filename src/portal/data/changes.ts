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

/** Who can see a patient, each with how much: staff id -> 'record' or 'oversight'. */
export type PatientScope = ReadonlyMap<string, 'record' | 'oversight'>;

/**
 * Who sees a patient, or how much, changed. Who gained access or more of it gets a `grant` (their
 * next pull sends the patient as they may now see them, history included); who lost access or
 * part of it a `revoke` (their next pull drops the patient, then sends what they still may see).
 */
export async function logScopeChange(
  tx: Queryable,
  patientId: string,
  before: PatientScope,
  after: PatientScope,
): Promise<void> {
  const rank = (level: 'record' | 'oversight' | undefined) =>
    level === 'record' ? 2 : level === 'oversight' ? 1 : 0;
  const ops: string[] = [];
  const audiences: string[] = [];
  for (const staffId of new Set([...before.keys(), ...after.keys()])) {
    const change = rank(after.get(staffId)) - rank(before.get(staffId));
    if (change === 0) continue;
    ops.push(change > 0 ? 'grant' : 'revoke');
    audiences.push(staffId);
  }
  if (audiences.length === 0) return;
  await logAndNotify(
    tx,
    `INSERT INTO change_log (entity, entity_id, op, patient_id, audience_staff_id)
     SELECT 'patient', $1, op, $1, staff_id FROM unnest($2::text[], $3::uuid[]) AS scope (op, staff_id)`,
    'SELECT unnest($3::uuid[]) AS staff_id',
    [patientId, ops, audiences],
  );
}

/** A record only one staff member sees (their access grant): logged for them alone. */
export async function logPrivateChange(
  tx: Queryable,
  change: { entity: EntityKind; id: string; patientId: string; staffId: string },
): Promise<void> {
  await logAndNotify(
    tx,
    `INSERT INTO change_log (entity, entity_id, op, patient_id, audience_staff_id)
     VALUES ($1, $2, 'upsert', $3, $4)`,
    'SELECT $4::uuid AS staff_id',
    [change.entity, change.id, change.patientId, change.staffId],
  );
}

/** The staff members who can currently see a patient, and how much. */
export async function staffWithAccess(tx: Queryable, patientId: string): Promise<PatientScope> {
  const result = await tx.query<{ staff_id: string; record: boolean }>(
    `SELECT a.staff_id, EXISTS (SELECT 1 FROM patient_record_access r
                                  WHERE r.patient_id = a.patient_id AND r.staff_id = a.staff_id) AS record
       FROM (SELECT DISTINCT patient_id, staff_id FROM patient_access WHERE patient_id = $1) a`,
    [patientId],
  );
  return new Map(result.rows.map((row) => [row.staff_id, row.record ? 'record' : 'oversight']));
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
