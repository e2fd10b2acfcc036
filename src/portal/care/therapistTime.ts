import type { IsoWeek } from '../../shared/contracts/domain';
import { requireAssignedTherapist } from '../access/scope';
import { audit } from '../audit/audit';
import type { Caller } from '../auth/principal';
import { logChanges } from '../data/changes';
import type { Queryable } from '../db/db';
import { CareError } from './errors';

export interface TimeRecord {
  patientId: string;
  week: IsoWeek;
  seconds: number;
}

/**
 * A therapist's workstation reports the running total of their active time on a patient for an ISO
 * week. One row per therapist, patient and week keeps the largest total reported, so a repeated
 * or late push never counts twice nor takes time back. Only the patient's therapist (or a colleague
 * covering for them) records; a week not yet begun (by the server's clock) is refused.
 */
export async function recordTherapistTime(tx: Queryable, caller: Caller, record: TimeRecord): Promise<void> {
  const { patientId, week, seconds } = record;
  await requireAssignedTherapist(tx, caller, patientId);
  // A day's grace for a workstation ahead of the server across midnight on Sunday.
  const future = await tx.query(`SELECT 1 WHERE $1 > to_char(now() + interval '1 day', 'IYYY-"W"IW')`, [
    week,
  ]);
  if (future.rowCount > 0) throw new CareError('invalid', 'the week has not begun');
  const written = await tx.query<{ id: string; created: boolean }>(
    `INSERT INTO therapist_time AS t (staff_id, patient_id, week, seconds) VALUES ($1, $2, $3, $4)
     ON CONFLICT (staff_id, patient_id, week) DO UPDATE SET seconds = EXCLUDED.seconds, updated_at = now()
       WHERE EXCLUDED.seconds > t.seconds
     RETURNING id, (xmax = 0) AS created`,
    [caller.principal.id, patientId, week, seconds],
  );
  // Not larger than the total already kept: nothing changed.
  const row = written.rows[0];
  if (!row) return;
  await logChanges(tx, [{ op: 'upsert', entity: 'therapistTime', id: row.id, patientId }]);
  // The week's row is audited once, when it begins; its total only grows after.
  if (row.created) await audit(tx, caller, [{ patientId, action: 'create', resource: 'therapistTime' }]);
}
