import type { Queryable } from '../db/db';
import type { Caller } from '../auth/principal';
import type { GrantReason } from '../../shared/contracts/domain';

/** What was done to a patient's record: `read` or a write named by its operation. */
export interface AuditEntry {
  /** Null for a change to configuration, which holds no patient's data. */
  patientId: string | null;
  action: string;
  /** What was touched, e.g. `sync.pull`, `message`, `questionnaire:PHQ-9`. */
  resource: string;
  /** The standard reason the access was made under (an access grant's); none for a patient's own care. */
  reason?: string | null;
}

/**
 * Writes audit rows for a caller's access to patient records in one statement. Called in the
 * same transaction as the write it records; for a read, before the data leaves the server.
 */
export async function audit(tx: Queryable, caller: Caller, entries: readonly AuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await tx.query(
    `INSERT INTO audit_log (actor_id, actor_role, request_id, patient_id, action, resource, reason)
     SELECT $1, $2, $3, * FROM unnest($4::uuid[], $5::text[], $6::text[], $7::text[])`,
    [
      caller.principal.id,
      caller.principal.role,
      caller.requestId,
      entries.map((entry) => entry.patientId),
      entries.map((entry) => entry.action),
      entries.map((entry) => entry.resource),
      entries.map((entry) => entry.reason ?? null),
    ],
  );
}

export interface AccessLogEntry {
  at: string;
  actorRole: string;
  actorName: string;
  action: string;
  resource: string;
  /** The standard reason when the access was made under a grant; never its free text. */
  reason: GrantReason | null;
}

/** Who else accessed a patient's record, newest first: the patient's right to see it (Normen). */
export async function accessLog(db: Queryable, patientId: string, limit: number): Promise<AccessLogEntry[]> {
  const result = await db.query<{
    at: Date;
    actor_role: string;
    actor_name: string;
    action: string;
    resource: string;
    reason: GrantReason | null;
  }>(
    `SELECT a.at, a.actor_role, coalesce(s.display_name, p.given_name || ' ' || p.family_name, 'ukjent') AS actor_name,
            a.action, a.resource, a.reason
       FROM audit_log a
       LEFT JOIN staff s ON s.id = a.actor_id
       LEFT JOIN patient p ON p.id = a.actor_id
      WHERE a.patient_id = $1 AND a.actor_id <> $1
      ORDER BY a.at DESC, a.id DESC
      LIMIT $2`,
    [patientId, limit],
  );
  return result.rows.map((row) => ({
    at: row.at.toISOString(),
    actorRole: row.actor_role,
    actorName: row.actor_name,
    action: row.action,
    resource: row.resource,
    reason: row.reason,
  }));
}
