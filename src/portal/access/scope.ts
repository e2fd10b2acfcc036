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

/** As canAccessPatient, but answers "not found" so a guessed id reveals nothing. */
export async function requirePatientAccess(
  db: Queryable,
  principal: AuthenticatedPrincipal,
  patientId: string,
): Promise<void> {
  if (!(await canAccessPatient(db, principal, patientId))) throw notFound('patient');
}

export function requireRole(
  principal: AuthenticatedPrincipal,
  ...roles: AuthenticatedPrincipal['role'][]
): void {
  if (!roles.includes(principal.role)) throw new HttpError(403, 'forbidden', 'not allowed for this role');
}
