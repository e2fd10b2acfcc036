import type { GrantReason } from '../../shared/contracts/domain';
import { canAccessPatient } from '../access/scope';
import { audit } from '../audit/audit';
import type { Caller } from '../auth/principal';
import { logPrivateChange, logScopeChange, staffWithAccess } from '../data/changes';
import type { Queryable } from '../db/db';
import { CareError, recordNotFound } from './errors';

export interface RecordOpening {
  grantId: string;
  patientId: string;
  reason: GrantReason;
  reasonText?: string;
  hours: number;
}

/**
 * A staff member of the patient's team opens the patient's whole record for a stated reason, for
 * `hours`: a team lead overseeing them, or a therapist covering for an absent colleague. The grant,
 * its audit row (with the standard reason) and the change of scope commit together, so the
 * opener's next pull brings the whole record, older history included.
 */
export async function openRecord(tx: Queryable, caller: Caller, opening: RecordOpening): Promise<void> {
  const { patientId } = opening;
  if (caller.principal.role === 'admin') throw new CareError('forbidden', 'not allowed for this role');
  const inTeam = await tx.query(
    `SELECT 1 FROM patient p JOIN staff_team st ON st.team_id = p.team_id
      WHERE p.id = $1 AND st.staff_id = $2 FOR KEY SHARE OF p`,
    [patientId, caller.principal.id],
  );
  // Outside the caller's teams and nonexistent answer alike.
  if (inTeam.rowCount === 0 && !(await canAccessPatient(tx, caller.principal, patientId)))
    throw recordNotFound('patient');
  if (inTeam.rowCount === 0)
    throw new CareError('forbidden', "only staff of the patient's team open a record");
  await grantRecord(tx, caller, opening);
}

/**
 * Writes one grant: the grant, the change of scope (the grantee's next pull brings the whole
 * record, older history included) and its audit row with the standard reason, in the caller's
 * transaction. A supervision sample says which message the grant was drawn for.
 */
export async function grantRecord(
  tx: Queryable,
  caller: Caller,
  opening: RecordOpening & { sample?: { sampleId: string; messageId: string } },
): Promise<void> {
  const { grantId, patientId, reason, reasonText, hours, sample } = opening;
  const before = await staffWithAccess(tx, patientId);
  const inserted = await tx.query(
    `INSERT INTO access_grant (id, staff_id, patient_id, reason, reason_text, expires_at, sample_id, sampled_message_id)
     VALUES ($1, $2, $3, $4, $5, now() + make_interval(hours => $6), $7, $8) ON CONFLICT (id) DO NOTHING`,
    [
      grantId,
      caller.principal.id,
      patientId,
      reason,
      reasonText ?? null,
      hours,
      sample?.sampleId ?? null,
      sample?.messageId ?? null,
    ],
  );
  if (inserted.rowCount === 0) throw new CareError('conflict', 'grant id already used');
  await logPrivateChange(tx, { entity: 'accessGrant', id: grantId, patientId, staffId: caller.principal.id });
  await logScopeChange(tx, patientId, before, await staffWithAccess(tx, patientId));
  await audit(tx, caller, [{ patientId, action: 'open', resource: 'record', reason }]);
}

/**
 * Ends the grants past their expiry (of one staff member, or everyone's), writing the end into the
 * change log: the grantee's next pull drops the whole record and sends back what they may still
 * see. Access itself stopped at expiry (patient_record_access); this tells the caches.
 */
export async function endExpiredGrants(tx: Queryable, staffId: string | null): Promise<number> {
  const ended = await tx.query<{ staff_id: string; patient_id: string }>(
    `UPDATE access_grant SET ended_at = now()
      WHERE id IN (SELECT id FROM access_grant
                    WHERE ended_at IS NULL AND expires_at <= now() AND ($1::uuid IS NULL OR staff_id = $1)
                    FOR UPDATE SKIP LOCKED)
      RETURNING staff_id, patient_id`,
    [staffId],
  );
  for (const grant of ended.rows) {
    // Still open to them (their own patient, another live grant): nothing to take back.
    const scope = await staffWithAccess(tx, grant.patient_id);
    if (scope.get(grant.staff_id) === 'record') continue;
    await logScopeChange(
      tx,
      grant.patient_id,
      new Map([[grant.staff_id, 'record']]),
      new Map(scope.has(grant.staff_id) ? [[grant.staff_id, scope.get(grant.staff_id)!]] : []),
    );
  }
  return ended.rowCount;
}
