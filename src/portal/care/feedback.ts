import { requireAssignedTherapist } from '../access/scope';
import { audit } from '../audit/audit';
import type { Caller } from '../auth/principal';
import { logChanges } from '../data/changes';
import type { Queryable } from '../db/db';
import { CareError } from './errors';
import { activeProgramme } from './programme';

/**
 * The therapist marks a week's feedback given, once per week of the active programme, for a week
 * that has begun (an ended programme has all its weeks behind it).
 */
export async function markFeedbackGiven(
  tx: Queryable,
  caller: Caller,
  { feedbackId, patientId, week }: { feedbackId: string; patientId: string; week: number },
  now: Date,
): Promise<void> {
  await requireAssignedTherapist(tx, caller, patientId);
  const { enrolment, week: current } = await activeProgramme(tx, patientId, now, true);
  if (current === 'not-started' || (current !== 'ended' && week > current)) {
    throw new CareError('invalid', `programme week ${week} has not begun`);
  }
  const inserted = await tx.query(
    `INSERT INTO weekly_feedback (id, patient_id, enrolment_id, week, given_by, given_at)
     VALUES ($1, $2, $3, $4, $5, now()) ON CONFLICT DO NOTHING`,
    [feedbackId, patientId, enrolment.id, week, caller.principal.id],
  );
  if (inserted.rowCount === 0) throw new CareError('conflict', 'feedback for this week already given');
  await logChanges(tx, [{ op: 'upsert', entity: 'weeklyFeedback', id: feedbackId, patientId }]);
  await audit(tx, caller, [{ patientId, action: 'create', resource: 'weeklyFeedback' }]);
}
