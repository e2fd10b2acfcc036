import { randomUUID } from 'node:crypto';
import type { Homework } from '../../shared/contracts/domain';
import { audit } from '../audit/audit';
import type { Caller } from '../auth/principal';
import type { Queryable } from '../db/db';
import { logChanges } from '../data/changes';
import { loadRecords } from '../data/records';
import { CareError, recordNotFound } from './errors';
import { activeProgramme } from './programme';

const notOpenYet = () =>
  new CareError('conflict', 'this module is not open yet', { code: 'module_not_available' });

/** The patient marks a module of their active programme read (opened too, if it was not). */
export async function markModuleRead(tx: Queryable, caller: Caller, moduleNo: number, now: Date) {
  const patientId = caller.principal.id;
  const { enrolment, availableModules } = await activeProgramme(tx, patientId, now);
  if (moduleNo > availableModules) throw notOpenYet();
  const upserted = await tx.query<{ id: string }>(
    `INSERT INTO module_progress (id, patient_id, enrolment_id, programme, module_no, opened_at, completed_at)
     VALUES ($1, $2, $3, $5, $4, now(), now())
     ON CONFLICT (enrolment_id, module_no) DO UPDATE
       SET completed_at = coalesce(module_progress.completed_at, now()),
           opened_at = coalesce(module_progress.opened_at, now()), updated_at = now()
     RETURNING id`,
    [randomUUID(), patientId, enrolment.id, moduleNo, enrolment.programme],
  );
  await logChanges(tx, [{ op: 'upsert', entity: 'moduleProgress', id: upserted.rows[0]!.id, patientId }]);
  await audit(tx, caller, [{ patientId, action: 'update', resource: 'moduleProgress' }]);
}

/** The patient submits homework for an open module; any draft of it is done with. */
export async function submitHomework(
  tx: Queryable,
  caller: Caller,
  homework: { moduleNo: number; body: string },
  now: Date,
): Promise<Homework> {
  const patientId = caller.principal.id;
  const { enrolment, availableModules } = await activeProgramme(tx, patientId, now);
  if (homework.moduleNo > availableModules) throw notOpenYet();
  const id = randomUUID();
  await tx.query(
    `INSERT INTO homework (id, patient_id, enrolment_id, module_no, body, submitted_at)
     VALUES ($1, $2, $3, $4, $5, now())`,
    [id, patientId, enrolment.id, homework.moduleNo, homework.body],
  );
  await tx.query('DELETE FROM homework_draft WHERE enrolment_id = $1 AND module_no = $2', [
    enrolment.id,
    homework.moduleNo,
  ]);
  await logChanges(tx, [{ op: 'upsert', entity: 'homework', id, patientId }]);
  await audit(tx, caller, [{ patientId, action: 'create', resource: 'homework' }]);
  const [stored] = await loadRecords(tx, 'homework', [id]);
  return stored!;
}

/** The patient withdraws homework they handed in: the therapist's copy goes with the next pull. */
export async function withdrawHomework(tx: Queryable, caller: Caller, homeworkId: string): Promise<void> {
  const patientId = caller.principal.id;
  const deleted = await tx.query('DELETE FROM homework WHERE id = $1 AND patient_id = $2', [
    homeworkId,
    patientId,
  ]);
  if (deleted.rowCount === 0) throw recordNotFound('homework');
  await logChanges(tx, [{ op: 'delete', entity: 'homework', id: homeworkId, patientId }]);
  await audit(tx, caller, [{ patientId, action: 'delete', resource: 'homework' }]);
}

/** A homework draft: the patient's answers by field id, kept until they submit. */
export async function saveHomeworkDraft(
  tx: Queryable,
  caller: Caller,
  draft: { moduleNo: number; fields: Record<string, string> },
  now: Date,
): Promise<void> {
  const patientId = caller.principal.id;
  const { enrolment, availableModules } = await activeProgramme(tx, patientId, now);
  if (draft.moduleNo > availableModules) throw notOpenYet();
  await tx.query(
    `INSERT INTO homework_draft (enrolment_id, module_no, patient_id, fields) VALUES ($1, $2, $3, $4)
     ON CONFLICT (enrolment_id, module_no) DO UPDATE SET fields = excluded.fields, updated_at = now()`,
    [enrolment.id, draft.moduleNo, patientId, draft.fields],
  );
}

export async function homeworkDraft(
  tx: Queryable,
  enrolmentId: string,
  moduleNo: number,
): Promise<{ fields: Record<string, string>; updatedAt: string } | null> {
  const found = await tx.query<{ fields: Record<string, string>; updated_at: Date }>(
    'SELECT fields, updated_at FROM homework_draft WHERE enrolment_id = $1 AND module_no = $2',
    [enrolmentId, moduleNo],
  );
  const row = found.rows[0];
  return row ? { fields: row.fields, updatedAt: row.updated_at.toISOString() } : null;
}
