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

/**
 * The weekly round (answering messages, marking them read, giving feedback) is the assigned
 * therapist's: a team lead who oversees the patient, but does not treat them, is refused.
 */
export async function requireAssignedTherapist(
  db: Queryable,
  caller: Caller,
  patientId: string,
): Promise<void> {
  await requirePatientAccess(db, caller, patientId);
  if (!(await isAssignedTherapist(db, caller.principal, patientId)))
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
