import { canAccessPatient, requireRole } from '../access/scope';
import { audit } from '../audit/audit';
import type { Caller } from '../auth/principal';
import { logChanges, logScopeChange, staffWithAccess } from '../data/changes';
import type { Queryable } from '../db/db';
import { CareError, recordNotFound } from './errors';

/**
 * A team lead assigns an enrolment to an active therapist of the patient's team. Who can see the
 * patient changes with it: the new therapist's next pull brings the whole record, the old one's
 * drops it.
 */
export async function assignTherapist(
  tx: Queryable,
  caller: Caller,
  { enrolmentId, therapistId }: { enrolmentId: string; therapistId: string },
): Promise<void> {
  requireRole(caller, 'team_lead');
  const found = await tx.query<{ patient_id: string; team_id: string }>(
    `SELECT e.patient_id, p.team_id FROM enrolment e JOIN patient p ON p.id = e.patient_id
      WHERE e.id = $1 FOR UPDATE OF e`,
    [enrolmentId],
  );
  const enrolment = found.rows[0];
  // Another team's enrolment and one that does not exist answer alike, so ids cannot be probed.
  if (!enrolment || !(await canAccessPatient(tx, caller.principal, enrolment.patient_id))) {
    throw recordNotFound('enrolment');
  }
  const therapist = await tx.query(
    `SELECT 1 FROM staff s JOIN staff_team st ON st.staff_id = s.id
      WHERE s.id = $1 AND st.team_id = $2 AND s.role = 'therapist' AND s.active`,
    [therapistId, enrolment.team_id],
  );
  if (therapist.rowCount === 0) {
    throw new CareError('conflict', 'not an active therapist of this team', { code: 'invalid_therapist' });
  }
  const before = await staffWithAccess(tx, enrolment.patient_id);
  await tx.query('UPDATE enrolment SET therapist_id = $2, updated_at = now() WHERE id = $1', [
    enrolmentId,
    therapistId,
  ]);
  const after = await staffWithAccess(tx, enrolment.patient_id);
  await logChanges(tx, [
    { op: 'upsert', entity: 'enrolment', id: enrolmentId, patientId: enrolment.patient_id },
  ]);
  await logScopeChange(tx, enrolment.patient_id, before, after);
  await audit(tx, caller, [
    { patientId: enrolment.patient_id, action: 'update', resource: 'enrolment.assign' },
  ]);
}
