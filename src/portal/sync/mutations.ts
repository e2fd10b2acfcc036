import type { z } from 'zod';
import {
  acknowledgeFlag,
  programmeWeek,
  resolveFlag,
  type FlagLifecycle,
  type FlagTransition,
} from '../../shared/clinical/index';
import type { MutationPayloads, MutationType } from '../../shared/contracts/sync';
import { canAccessPatient, isAssignedTherapist, requirePatientAccess } from '../access/scope';
import { audit } from '../audit/audit';
import type { Caller } from '../auth/principal';
import type { Queryable } from '../db/db';
import { markMessagesRead, sendMessage } from '../care/messages';
import { logChanges } from '../data/changes';
import { Rejection } from './rejection';

type Handler<T extends MutationType> = (
  tx: Queryable,
  caller: Caller,
  payload: z.infer<(typeof MutationPayloads)[T]>,
) => Promise<void>;

/** Out of scope and nonexistent answer alike, so a guessed id reveals nothing. */
const requirePatient = (tx: Queryable, caller: Caller, patientId: string): Promise<void> =>
  requirePatientAccess(
    tx,
    caller.principal,
    patientId,
    () => new Rejection('not-found', 'patient not found'),
  );

/**
 * The weekly round (answering messages, marking them read, giving feedback) is the assigned
 * therapist's: a team lead who oversees the patient, but does not treat them, is refused.
 */
async function requireAssignedTherapist(tx: Queryable, caller: Caller, patientId: string): Promise<void> {
  await requirePatient(tx, caller, patientId);
  if (!(await isAssignedTherapist(tx, caller.principal, patientId)))
    throw new Rejection('forbidden', "only the patient's therapist does this");
}

/** Locks the flag, checks the caller may act on it, and returns its lifecycle as the clinical rules see it. */
async function lockFlag(tx: Queryable, caller: Caller, flagId: string) {
  const found = await tx.query<{
    patient_id: string;
    status: FlagLifecycle['status'];
    acknowledged_by: string | null;
    acknowledged_at: Date | null;
    acknowledge_note: string | null;
    resolved_by: string | null;
    resolved_at: Date | null;
  }>(
    `SELECT patient_id, status, acknowledged_by, acknowledged_at, acknowledge_note, resolved_by, resolved_at
       FROM flag WHERE id = $1 FOR UPDATE`,
    [flagId],
  );
  const row = found.rows[0];
  if (!row || !(await canAccessPatient(tx, caller.principal, row.patient_id))) {
    throw new Rejection('not-found', 'flag not found');
  }
  const flag: FlagLifecycle & { patientId: string } = {
    patientId: row.patient_id,
    status: row.status,
    acknowledgedBy: row.acknowledged_by,
    acknowledgedAt: row.acknowledged_at?.toISOString() ?? null,
    acknowledgeNote: row.acknowledge_note,
    resolvedBy: row.resolved_by,
    resolvedAt: row.resolved_at?.toISOString() ?? null,
  };
  return flag;
}

/** The shared flag lifecycle decides what is allowed (e.g. only an acknowledged flag is resolved). */
function allowed<F>(transition: FlagTransition<F>): F {
  if (!transition.ok) throw new Rejection('conflict', transition.error.message);
  return transition.flag;
}

async function recordFlagWrite(
  tx: Queryable,
  caller: Caller,
  flagId: string,
  patientId: string,
  action: string,
) {
  await logChanges(tx, [{ op: 'upsert', entity: 'flag', id: flagId, patientId }]);
  await audit(tx, caller, [{ patientId, action, resource: 'flag' }]);
}

/** What each staff mutation does. Each runs inside its own transaction (see push.ts). */
export const mutationHandlers: { [T in MutationType]: Handler<T> } = {
  async 'message.send'(tx, caller, { messageId, patientId, body }) {
    await requireAssignedTherapist(tx, caller, patientId);
    if (!(await sendMessage(tx, caller, { id: messageId, patientId, body }))) {
      throw new Rejection('conflict', 'message id already used');
    }
  },

  async 'message.markRead'(tx, caller, { patientId, messageIds }) {
    await requireAssignedTherapist(tx, caller, patientId);
    if (!(await markMessagesRead(tx, caller, patientId, messageIds))) {
      throw new Rejection('not-found', 'message not found');
    }
  },

  async 'flag.acknowledge'(tx, caller, { flagId, note }) {
    const flag = await lockFlag(tx, caller, flagId);
    const next = allowed(
      acknowledgeFlag(flag, { by: caller.principal.id, at: new Date().toISOString(), note }),
    );
    await tx.query(
      `UPDATE flag SET status = $2, acknowledged_by = $3, acknowledged_at = $4, acknowledge_note = $5,
              updated_at = now() WHERE id = $1`,
      [flagId, next.status, next.acknowledgedBy, next.acknowledgedAt, next.acknowledgeNote],
    );
    await recordFlagWrite(tx, caller, flagId, flag.patientId, 'acknowledge');
  },

  async 'flag.resolve'(tx, caller, { flagId, note }) {
    const flag = await lockFlag(tx, caller, flagId);
    const next = allowed(resolveFlag(flag, { by: caller.principal.id, at: new Date().toISOString() }));
    await tx.query(
      `UPDATE flag SET status = $2, resolved_by = $3, resolved_at = $4, resolve_note = $5, updated_at = now()
        WHERE id = $1`,
      [flagId, next.status, next.resolvedBy, next.resolvedAt, note ?? null],
    );
    await recordFlagWrite(tx, caller, flagId, flag.patientId, 'resolve');
  },

  async 'flag.raise'(tx, caller, { flagId, patientId, severity, note }) {
    await requirePatient(tx, caller, patientId);
    const inserted = await tx.query(
      `INSERT INTO flag (id, patient_id, severity, reason_code, source, details, status, raised_at)
       VALUES ($1, $2, $3, 'clinician-raised', $4, $5, 'open', now()) ON CONFLICT (id) DO NOTHING`,
      [flagId, patientId, severity, { kind: 'clinician', staffId: caller.principal.id }, { note }],
    );
    if (inserted.rowCount === 0) throw new Rejection('conflict', 'flag id already used');
    await recordFlagWrite(tx, caller, flagId, patientId, 'create');
  },

  async 'note.add'(tx, caller, { noteId, patientId, body }) {
    await requirePatient(tx, caller, patientId);
    const inserted = await tx.query(
      `INSERT INTO clinical_note (id, patient_id, author_staff_id, body, created_at)
       VALUES ($1, $2, $3, $4, now()) ON CONFLICT (id) DO NOTHING`,
      [noteId, patientId, caller.principal.id, body],
    );
    if (inserted.rowCount === 0) throw new Rejection('conflict', 'note id already used');
    await logChanges(tx, [{ op: 'upsert', entity: 'clinicalNote', id: noteId, patientId }]);
    await audit(tx, caller, [{ patientId, action: 'create', resource: 'clinicalNote' }]);
  },

  async 'feedback.markGiven'(tx, caller, { feedbackId, patientId, week }) {
    await requireAssignedTherapist(tx, caller, patientId);
    const active = await tx.query<{ id: string; start_date: string | null }>(
      `SELECT id, start_date::text FROM enrolment WHERE patient_id = $1 AND status = 'active'
        ORDER BY start_date DESC NULLS LAST LIMIT 1 FOR UPDATE`,
      [patientId],
    );
    const enrolment = active.rows[0];
    if (!enrolment) throw new Rejection('conflict', 'no active enrolment');
    // Feedback is given on a week that has begun; an ended programme has all 14 behind it.
    const current = enrolment.start_date ? programmeWeek(enrolment.start_date, new Date()) : 'not-started';
    if (current === 'not-started' || (current !== 'ended' && week > current)) {
      throw new Rejection('invalid', `programme week ${week} has not begun`);
    }
    const inserted = await tx.query(
      `INSERT INTO weekly_feedback (id, patient_id, enrolment_id, week, given_by, given_at)
       VALUES ($1, $2, $3, $4, $5, now()) ON CONFLICT DO NOTHING`,
      [feedbackId, patientId, enrolment.id, week, caller.principal.id],
    );
    if (inserted.rowCount === 0) throw new Rejection('conflict', 'feedback for this week already given');
    await logChanges(tx, [{ op: 'upsert', entity: 'weeklyFeedback', id: feedbackId, patientId }]);
    await audit(tx, caller, [{ patientId, action: 'create', resource: 'weeklyFeedback' }]);
  },
};
