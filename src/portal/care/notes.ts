import { requireRecordAccess } from '../access/scope';
import { audit } from '../audit/audit';
import type { Caller } from '../auth/principal';
import { logChanges } from '../data/changes';
import type { Queryable } from '../db/db';
import { CareError } from './errors';

/** A clinician who can read the whole record (its therapist, or a grant) adds a note under the client's id. */
export async function addClinicalNote(
  tx: Queryable,
  caller: Caller,
  { noteId, patientId, body }: { noteId: string; patientId: string; body: string },
): Promise<void> {
  await requireRecordAccess(tx, caller, patientId);
  const inserted = await tx.query(
    `INSERT INTO clinical_note (id, patient_id, author_staff_id, body, created_at)
     VALUES ($1, $2, $3, $4, now()) ON CONFLICT (id) DO NOTHING`,
    [noteId, patientId, caller.principal.id, body],
  );
  if (inserted.rowCount === 0) throw new CareError('conflict', 'note id already used');
  await logChanges(tx, [{ op: 'upsert', entity: 'clinicalNote', id: noteId, patientId }]);
  await audit(tx, caller, [{ patientId, action: 'create', resource: 'clinicalNote' }]);
}
