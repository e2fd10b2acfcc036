import type { EntityKind, EntityRecord } from '../../../shared/contracts/domain';
import type { Local } from '../../../shared/contracts/ipc';
import type { CacheDatabase } from './database';
import { entitySpecs } from './entities';

/** Records as the user sees them: for kinds local commands change, with the overlay applied. */
function source(kind: EntityKind): string {
  const spec = entitySpecs[kind];
  return spec.local
    ? `visible_${spec.table}`
    : `(SELECT json, patient_id, id, 0 AS pending FROM ${spec.table})`;
}

export function readRecord<K extends EntityKind>(
  db: CacheDatabase,
  kind: K,
  id: string,
): Local<EntityRecord<K>> | null {
  const row = db
    .prepare<[string], { json: string; pending: number }>(
      `SELECT json, pending FROM ${source(kind)} WHERE id = ?`,
    )
    .get(id);
  return row ? { ...(JSON.parse(row.json) as EntityRecord<K>), pending: row.pending === 1 } : null;
}

/** All of one patient's records of a kind, in no particular order. */
export function readPatientRecords<K extends EntityKind>(
  db: CacheDatabase,
  kind: K,
  patientId: string,
): Local<EntityRecord<K>>[] {
  return db
    .prepare<[string], { json: string; pending: number }>(
      `SELECT json, pending FROM ${source(kind)} WHERE patient_id = ?`,
    )
    .all(patientId)
    .map((row) => ({ ...(JSON.parse(row.json) as EntityRecord<K>), pending: row.pending === 1 }));
}

export function readAll<K extends EntityKind>(db: CacheDatabase, kind: K): EntityRecord<K>[] {
  return db
    .prepare<[], { json: string }>(`SELECT json FROM ${source(kind)}`)
    .all()
    .map((row) => JSON.parse(row.json) as EntityRecord<K>);
}
