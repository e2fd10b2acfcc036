import { requireCorrespondent } from '../access/scope';
import { audit } from '../audit/audit';
import type { Caller } from '../auth/principal';
import type { Queryable } from '../db/db';
import { logChanges, type RecordChange } from '../data/changes';
import { CareError, recordNotFound } from './errors';

/**
 * Stores a message between a patient and their care team (on the staff side, the patient's
 * therapist). A staff message answers every patient message still waiting for an answer, which
 * is what takes it off the therapist's round. The id is the client's, so it may be taken already.
 */
export async function sendMessage(
  tx: Queryable,
  caller: Caller,
  message: { id: string; patientId: string; body: string },
): Promise<void> {
  await requireCorrespondent(tx, caller, message.patientId);
  const fromStaff = caller.principal.kind === 'staff';
  const inserted = await tx.query(
    `INSERT INTO message (id, patient_id, author_kind, author_staff_id, body, sent_at)
     VALUES ($1, $2, $3, $4, $5, now()) ON CONFLICT (id) DO NOTHING`,
    [
      message.id,
      message.patientId,
      caller.principal.kind,
      fromStaff ? caller.principal.id : null,
      message.body,
    ],
  );
  if (inserted.rowCount === 0) throw new CareError('conflict', 'message id already used');
  const changes: RecordChange[] = [
    { op: 'upsert', entity: 'message', id: message.id, patientId: message.patientId },
  ];
  if (fromStaff) {
    const answered = await tx.query<{ id: string }>(
      `UPDATE message SET answered_at = now(), updated_at = now()
        WHERE patient_id = $1 AND author_kind = 'patient' AND answered_at IS NULL RETURNING id`,
      [message.patientId],
    );
    for (const { id } of answered.rows) {
      changes.push({ op: 'upsert', entity: 'message', id, patientId: message.patientId });
    }
  }
  await logChanges(tx, changes);
  await audit(tx, caller, [{ patientId: message.patientId, action: 'create', resource: 'message' }]);
}

/**
 * Marks messages read by their recipient: staff (the patient's therapist) read the patient's
 * messages, the patient reads staff messages. Every id must be a message to this reader in this
 * record, or nothing is marked.
 */
export async function markMessagesRead(
  tx: Queryable,
  caller: Caller,
  patientId: string,
  messageIds: readonly string[],
): Promise<void> {
  await requireCorrespondent(tx, caller, patientId);
  const writtenBy = caller.principal.kind === 'staff' ? 'patient' : 'staff';
  const ids = [...new Set(messageIds)];
  const known = await tx.query<{ id: string; unread: boolean }>(
    `SELECT id, read_at IS NULL AS unread FROM message
      WHERE id = ANY($1::uuid[]) AND patient_id = $2 AND author_kind = $3 FOR UPDATE`,
    [ids, patientId, writtenBy],
  );
  if (known.rowCount !== ids.length) throw recordNotFound('message');
  const unread = known.rows.filter((row) => row.unread).map((row) => row.id);
  if (unread.length === 0) return;
  await tx.query('UPDATE message SET read_at = now(), updated_at = now() WHERE id = ANY($1::uuid[])', [
    unread,
  ]);
  await logChanges(
    tx,
    unread.map((id) => ({ op: 'upsert', entity: 'message', id, patientId })),
  );
  await audit(tx, caller, [{ patientId, action: 'update', resource: 'message.read' }]);
}
