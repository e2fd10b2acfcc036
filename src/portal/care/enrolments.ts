import { PROGRAMME_WEEKS } from '../../shared/clinical/calendar';
import { addDays, localDateOf } from '../../shared/clinical/localDate';
import type { DeclineReason } from '../../shared/contracts/domain';
import { canAccessPatient, requireRole } from '../access/scope';
import { audit } from '../audit/audit';
import type { Caller } from '../auth/principal';
import { logChanges, logScopeChange, staffWithAccess } from '../data/changes';
import type { Queryable } from '../db/db';
import { CareError, recordNotFound } from './errors';

/** How far ahead a programme can be planned to start, in days. */
const MAX_START_AHEAD_DAYS = 365;

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
  await requireTeamTherapist(tx, therapistId, enrolment.team_id);
  await changeEnrolments(tx, enrolment.patient_id, [enrolmentId], 'therapist_id = $2', [therapistId]);
  await audit(tx, caller, [
    { patientId: enrolment.patient_id, action: 'update', resource: 'enrolment.assign' },
  ]);
}

/**
 * A team lead starts a waiting (referred or assessed) patient's programme with a therapist of the
 * team on a start date (today or later): the enrolment becomes active and the therapist's next
 * pull brings the whole record.
 */
export async function enrolWaiting(
  tx: Queryable,
  caller: Caller,
  { patientId, therapistId, startDate }: { patientId: string; therapistId: string; startDate: string },
  now: Date,
): Promise<void> {
  const teamId = await ledTeamOf(tx, caller, patientId);
  const waiting = await waitingEnrolments(tx, patientId);
  const today = localDateOf(now);
  if (startDate < today || startDate > addDays(today, MAX_START_AHEAD_DAYS)) {
    throw new CareError(
      'invalid',
      `the start date must be from today and within ${MAX_START_AHEAD_DAYS} days`,
    );
  }
  await requireTeamTherapist(tx, therapistId, teamId);
  await changeEnrolments(
    tx,
    patientId,
    waiting,
    "status = 'active', therapist_id = $2, start_date = $3, planned_end_date = $4",
    [therapistId, startDate, addDays(startDate, 7 * PROGRAMME_WEEKS)],
  );
  await audit(tx, caller, [{ patientId, action: 'update', resource: 'enrolment.enrol' }]);
}

/**
 * A team lead declines a waiting patient for a stated reason: the referral ends (discontinued
 * before it started) and the decline keeps who decided and why.
 */
export async function declineWaiting(
  tx: Queryable,
  caller: Caller,
  { patientId, reason, reasonText }: { patientId: string; reason: DeclineReason; reasonText?: string },
): Promise<void> {
  await ledTeamOf(tx, caller, patientId);
  const waiting = await waitingEnrolments(tx, patientId);
  await changeEnrolments(tx, patientId, waiting, "status = 'discontinued'", []);
  await tx.query(
    `INSERT INTO enrolment_decline (enrolment_id, reason, reason_text, declined_by)
     SELECT unnest($1::uuid[]), $2, $3, $4`,
    [waiting, reason, reasonText ?? null, caller.principal.id],
  );
  await audit(tx, caller, [{ patientId, action: 'update', resource: 'enrolment.decline' }]);
}

/**
 * A team lead moves patients to another therapist of their team: every one of them, or (the
 * caller's transaction refusing) none. Each old therapist's next pull drops the patient, the new
 * one's brings the whole record.
 */
export async function reassignPatients(
  tx: Queryable,
  caller: Caller,
  { patientIds, therapistId }: { patientIds: readonly string[]; therapistId: string },
): Promise<void> {
  const checkedTeams = new Set<string>();
  // In id order, so two leads moving overlapping patients lock them in the same order.
  const patients = [...new Set(patientIds)].sort();
  for (const patientId of patients) {
    const teamId = await ledTeamOf(tx, caller, patientId);
    if (!checkedTeams.has(teamId)) {
      await requireTeamTherapist(tx, therapistId, teamId);
      checkedTeams.add(teamId);
    }
    const current = await tx.query<{ id: string }>(
      `SELECT id FROM enrolment WHERE patient_id = $1 AND status IN ('referred', 'assessment', 'active')
        ORDER BY id FOR UPDATE`,
      [patientId],
    );
    if (current.rowCount === 0) {
      throw new CareError('conflict', 'the patient has no current enrolment to move', {
        code: 'no_current_enrolment',
      });
    }
    const ids = current.rows.map((row) => row.id);
    await changeEnrolments(tx, patientId, ids, 'therapist_id = $2', [therapistId]);
  }
  await audit(
    tx,
    caller,
    patients.map((patientId) => ({ patientId, action: 'update', resource: 'enrolment.reassign' })),
  );
}

/**
 * The team of a patient whose team the caller leads. A patient of another team and one that does
 * not exist answer alike, so ids cannot be probed; only a team lead asks at all.
 */
async function ledTeamOf(tx: Queryable, caller: Caller, patientId: string): Promise<string> {
  requireRole(caller, 'team_lead');
  const found = await tx.query<{ team_id: string }>(
    `SELECT p.team_id FROM patient p JOIN staff_team st ON st.team_id = p.team_id
      WHERE p.id = $1 AND st.staff_id = $2 FOR KEY SHARE OF p`,
    [patientId, caller.principal.id],
  );
  if (found.rowCount === 0) throw recordNotFound('patient');
  return found.rows[0]!.team_id;
}

/** The patient's enrolments waiting for a start (referred, in assessment), locked; a conflict without one. */
async function waitingEnrolments(tx: Queryable, patientId: string): Promise<string[]> {
  const waiting = await tx.query<{ id: string }>(
    `SELECT id FROM enrolment WHERE patient_id = $1 AND status IN ('referred', 'assessment')
      ORDER BY id FOR UPDATE`,
    [patientId],
  );
  if (waiting.rowCount === 0) {
    throw new CareError('conflict', 'the patient is not on the waiting list', { code: 'not_waiting' });
  }
  return waiting.rows.map((row) => row.id);
}

async function requireTeamTherapist(tx: Queryable, therapistId: string, teamId: string): Promise<void> {
  const therapist = await tx.query(
    `SELECT 1 FROM staff s JOIN staff_team st ON st.staff_id = s.id
      WHERE s.id = $1 AND st.team_id = $2 AND s.role = 'therapist' AND s.active`,
    [therapistId, teamId],
  );
  if (therapist.rowCount === 0) {
    throw new CareError('conflict', 'not an active therapist of this team', { code: 'invalid_therapist' });
  }
}

/**
 * Updates a patient's enrolments (`set` with `$1` the enrolment id, `$2`... `values`) and tells the
 * caches: the changed enrolments, and who now sees the patient, or how much, if that changed.
 */
async function changeEnrolments(
  tx: Queryable,
  patientId: string,
  enrolmentIds: readonly string[],
  set: string,
  values: readonly unknown[],
): Promise<void> {
  const before = await staffWithAccess(tx, patientId);
  for (const id of enrolmentIds) {
    await tx.query(`UPDATE enrolment SET ${set}, updated_at = now() WHERE id = $1`, [id, ...values]);
  }
  await logChanges(
    tx,
    enrolmentIds.map((id) => ({ op: 'upsert' as const, entity: 'enrolment' as const, id, patientId })),
  );
  await logScopeChange(tx, patientId, before, await staffWithAccess(tx, patientId));
}
