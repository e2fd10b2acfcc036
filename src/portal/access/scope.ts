import type { Queryable } from '../db/db';
import type { AuthenticatedPrincipal } from '../auth/principal';
import { HttpError, notFound } from '../errors';

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
 * As canAccessPatient, but throws when access is missing: "not found" by default (an HTTP 404; a
 * sync mutation passes its own rejection), so out of scope and nonexistent answer alike.
 */
export async function requirePatientAccess(
  db: Queryable,
  principal: AuthenticatedPrincipal,
  patientId: string,
  refuse: () => Error = () => notFound('patient'),
): Promise<void> {
  if (!(await canAccessPatient(db, principal, patientId))) throw refuse();
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

export function requireRole(
  principal: AuthenticatedPrincipal,
  ...roles: AuthenticatedPrincipal['role'][]
): void {
  if (!roles.includes(principal.role)) throw new HttpError(403, 'forbidden', 'not allowed for this role');
}
