import { randomUUID } from 'node:crypto';
import type { ReferralCreated, ReferralRequest } from '../../shared/contracts/admin';
import { parseNationalId } from '../../shared/identity/nationalId';
import { requireRole } from '../access/scope';
import { issueSetupLink } from '../admin/setupLinks';
import { requireFreeUsername } from '../admin/staff';
import type { Caller } from '../auth/principal';
import { audit } from '../audit/audit';
import { logChanges } from '../data/changes';
import type { Queryable } from '../db/db';
import { CareError, recordNotFound } from './errors';

/**
 * Registers a referred patient: the patient, their national identity number (kept apart, see
 * migration 010), a referred enrolment in the programme, and an account without a password with
 * a one-time setup link to the patient pages. The patient then stands on the team's waiting list.
 * A team lead refers to their own team; an administrator to any.
 */
export async function registerReferral(
  tx: Queryable,
  caller: Caller,
  request: ReferralRequest,
): Promise<ReferralCreated> {
  requireRole(caller, 'team_lead', 'admin');
  const team =
    caller.principal.role === 'admin'
      ? await tx.query('SELECT 1 FROM team WHERE id = $1', [request.teamId])
      : await tx.query('SELECT 1 FROM staff_team WHERE team_id = $1 AND staff_id = $2', [
          request.teamId,
          caller.principal.id,
        ]);
  if (team.rowCount === 0) throw recordNotFound('team');
  const identity = parseNationalId(request.nationalId);
  if (!identity) throw new CareError('invalid', 'not a valid national identity number');
  const known = await tx.query('SELECT 1 FROM patient_national_id WHERE national_id = $1', [
    request.nationalId,
  ]);
  if (known.rowCount > 0) {
    throw new CareError('conflict', 'a patient with this national identity number is already registered', {
      code: 'already_registered',
    });
  }
  await requireFreeUsername(tx, request.username);

  const patientId = randomUUID();
  const enrolmentId = randomUUID();
  await tx.query(
    'INSERT INTO patient (id, given_name, family_name, birth_year, phone, team_id) VALUES ($1, $2, $3, $4, $5, $6)',
    [
      patientId,
      request.givenName,
      request.familyName,
      Number(identity.birthDate.slice(0, 4)),
      request.phone,
      request.teamId,
    ],
  );
  await tx.query('INSERT INTO patient_national_id (patient_id, national_id) VALUES ($1, $2)', [
    patientId,
    request.nationalId,
  ]);
  await tx.query(
    "INSERT INTO enrolment (id, patient_id, programme, status) VALUES ($1, $2, $3, 'referred')",
    [enrolmentId, patientId, request.programme],
  );
  await tx.query("INSERT INTO account (principal_id, kind, username) VALUES ($1, 'patient', $2)", [
    patientId,
    request.username,
  ]);
  await logChanges(tx, [
    { op: 'upsert', entity: 'patient', id: patientId, patientId },
    { op: 'upsert', entity: 'enrolment', id: enrolmentId, patientId },
  ]);
  await audit(tx, caller, [{ patientId, action: 'create', resource: 'referral' }]);
  const setupLink = await issueSetupLink(tx, patientId, caller.principal.id);
  return { patientId, enrolmentId, setupLink };
}
