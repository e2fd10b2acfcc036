import type { Queryable } from '../db/db';
import type { AuthenticatedPrincipal, Caller } from '../auth/principal';
import { CareError, recordNotFound } from '../care/errors';

/**
 * Whether a principal may see a patient's clinical record: the patient themself; a therapist
 * through an enrolment assigned to them; a team lead through the patient's team. Admins never.
 */
export async function canAccessPatient(
  db: Queryable,
  principal: AuthenticatedPrincipal,
  patientId: string,
): Promise<boolean> {
  if (principal.kind === 'patient') return principal.id === patientId;
  if (principal.role === 'admin') return false;
  const result = await db.query(
    'SELECT 1 FROM patient_access WHERE staff_id = $1 AND patient_id = $2 LIMIT 1',
    [principal.id, patientId],
  );
  return result.rowCount > 0;
}

/**
 * How much of a patient's record a staff member sees: `record`, all of it (their therapist, or a
 * live grant); `oversight`, what a team lead needs without the clinical text (PatientOverview).
 */
export type AccessLevel = 'record' | 'oversight';

/** Each given patient the staff member may see, with how much; `grantReason` when only a grant opens it. */
export async function accessLevels(
  db: Queryable,
  staffId: string,
  patientIds: readonly string[],
): Promise<Map<string, { level: AccessLevel; grantReason: string | null }>> {
  const levels = new Map<string, { level: AccessLevel; grantReason: string | null }>();
  if (patientIds.length === 0) return levels;
  const result = await db.query<{ patient_id: string; record: boolean; grant_reason: string | null }>(
    `SELECT a.patient_id,
            EXISTS (SELECT 1 FROM patient_record_access r
                     WHERE r.patient_id = a.patient_id AND r.staff_id = $1) AS record,
            CASE WHEN NOT EXISTS (SELECT 1 FROM enrolment e
                                   WHERE e.patient_id = a.patient_id AND e.therapist_id = $1)
                 THEN (SELECT g.reason FROM access_grant g
                        WHERE g.patient_id = a.patient_id AND g.staff_id = $1
                          AND g.ended_at IS NULL AND g.expires_at > now()
                        ORDER BY g.expires_at DESC LIMIT 1) END AS grant_reason
       FROM (SELECT DISTINCT patient_id FROM patient_access
              WHERE staff_id = $1 AND patient_id = ANY($2::uuid[])) a`,
    [staffId, patientIds],
  );
  for (const row of result.rows) {
    levels.set(row.patient_id, {
      level: row.record ? 'record' : 'oversight',
      grantReason: row.record ? row.grant_reason : null,
    });
  }
  return levels;
}

/**
 * The whole record (messages, homework, notes) is read and written only with record access: a
 * team lead overseeing the patient opens it first, with a reason (care/grants.ts).
 */
export async function requireRecordAccess(db: Queryable, caller: Caller, patientId: string): Promise<void> {
  await requirePatientAccess(db, caller, patientId);
  if (caller.principal.kind === 'patient') return;
  const levels = await accessLevels(db, caller.principal.id, [patientId]);
  if (levels.get(patientId)?.level !== 'record')
    throw new CareError('forbidden', "open the patient's record with a stated reason first");
}

/** As canAccessPatient, but refuses with "not found": out of scope and nonexistent answer alike. */
export async function requirePatientAccess(db: Queryable, caller: Caller, patientId: string): Promise<void> {
  if (!(await canAccessPatient(db, caller.principal, patientId))) throw recordNotFound('patient');
}

/**
 * Whether a staff member is the assigned therapist of one of the patient's enrolments: what the
 * weekly round (messages, feedback) needs, beyond the oversight a team lead has.
 */
export async function isAssignedTherapist(
  db: Queryable,
  principal: AuthenticatedPrincipal,
  patientId: string,
): Promise<boolean> {
  const result = await db.query(
    'SELECT 1 FROM enrolment WHERE patient_id = $1 AND therapist_id = $2 LIMIT 1',
    [patientId, principal.id],
  );
  return result.rowCount > 0;
}

/** A live grant with the reason "covering for an absent therapist": the round is the holder's too. */
async function isCovering(db: Queryable, principal: AuthenticatedPrincipal, patientId: string) {
  const result = await db.query(
    `SELECT 1 FROM access_grant WHERE patient_id = $1 AND staff_id = $2 AND reason = 'covering'
        AND ended_at IS NULL AND expires_at > now() LIMIT 1`,
    [patientId, principal.id],
  );
  return result.rowCount > 0;
}

/**
 * The weekly round (answering messages, marking them read, giving feedback) is the assigned
 * therapist's, or a colleague's covering for them with a grant: a team lead who oversees the
 * patient, or opened the record for another reason, is refused.
 */
export async function requireAssignedTherapist(
  db: Queryable,
  caller: Caller,
  patientId: string,
): Promise<void> {
  await requirePatientAccess(db, caller, patientId);
  if (
    !(await isAssignedTherapist(db, caller.principal, patientId)) &&
    !(await isCovering(db, caller.principal, patientId))
  )
    throw new CareError('forbidden', "only the patient's therapist does this");
}

/** Who writes and reads a patient's messages: the patient, and on the staff side their therapist. */
export const requireCorrespondent = (db: Queryable, caller: Caller, patientId: string): Promise<void> =>
  caller.principal.kind === 'staff'
    ? requireAssignedTherapist(db, caller, patientId)
    : requirePatientAccess(db, caller, patientId);

export function requireRole(caller: Caller, ...roles: AuthenticatedPrincipal['role'][]): void {
  if (!roles.includes(caller.principal.role)) throw new CareError('forbidden', 'not allowed for this role');
}
