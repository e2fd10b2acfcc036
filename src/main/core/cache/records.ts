import type { EntityKind, EntityRecord, PatientOverview } from '../../../shared/contracts/domain';
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

type Row = { json: string; pending: number };

const local = <K extends EntityKind>(row: Row): Local<EntityRecord<K>> => ({
  ...(JSON.parse(row.json) as EntityRecord<K>),
  pending: row.pending === 1,
});

/**
 * The records views and commands read: synced records with pending local changes shown over them
 * (`pending` marks a record the portal has not confirmed yet).
 */
export class Records {
  constructor(private readonly db: CacheDatabase) {}

  get<K extends EntityKind>(kind: K, id: string): Local<EntityRecord<K>> | null {
    const row = this.db
      .prepare<[string], Row>(`SELECT json, pending FROM ${source(kind)} WHERE id = ?`)
      .get(id);
    return row ? local<K>(row) : null;
  }

  /** All of one patient's records of a kind, in no particular order. */
  ofPatient<K extends EntityKind>(kind: K, patientId: string): Local<EntityRecord<K>>[] {
    return this.db
      .prepare<[string], Row>(`SELECT json, pending FROM ${source(kind)} WHERE patient_id = ?`)
      .all(patientId)
      .map((row) => local<K>(row));
  }

  /** Every record of a kind, in no particular order. */
  all<K extends EntityKind>(kind: K): EntityRecord<K>[] {
    return this.db
      .prepare<[], { json: string }>(`SELECT json FROM ${source(kind)}`)
      .all()
      .map((row) => JSON.parse(row.json) as EntityRecord<K>);
  }

  /**
   * The therapist time in every cached overview, read without the rest of the overview: the team
   * view asks for it over thousands of overseen patients.
   */
  overviewTimes(): { patientId: string; time: PatientOverview['time'] }[] {
    return this.db
      .prepare<[], { patient_id: string; time: string }>(
        `SELECT patient_id, json_extract(json, '$.time') AS time FROM patient_overview
          WHERE json_array_length(json, '$.time') > 0`,
      )
      .all()
      .map((row) => ({ patientId: row.patient_id, time: JSON.parse(row.time) as PatientOverview['time'] }));
  }
}
