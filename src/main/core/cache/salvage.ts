import { Mutation } from '../../../shared/contracts/sync';
import { openDamagedReadOnly } from './database';

/** A pending mutation read back from a damaged cache. */
export interface SalvagedMutation {
  mutation: Mutation;
  patientId: string | null;
  queuedAt: string;
}

/**
 * The outbox of a damaged cache, in order, when it can still be read (the damage is elsewhere in
 * the file). Null when it cannot: then its unsent changes are lost and the user must be told.
 * Each entry is validated again, since it comes from a damaged file.
 */
export function salvageOutbox(path: string, key: Buffer): SalvagedMutation[] | null {
  const db = openDamagedReadOnly(path, key);
  if (!db) return null;
  try {
    return db
      .prepare<[], { patient_id: string | null; mutation: string; queued_at: string }>(
        'SELECT patient_id, mutation, queued_at FROM outbox ORDER BY seq',
      )
      .all()
      .map((row) => ({
        mutation: Mutation.parse(JSON.parse(row.mutation)),
        patientId: row.patient_id,
        queuedAt: row.queued_at,
      }));
  } catch {
    return null;
  } finally {
    db.close();
  }
}
