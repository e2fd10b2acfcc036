import type { CacheDatabase } from './database';
import { entityKinds, entitySpecs } from './entities';

/**
 * The cache's migrations, applied in order and recorded in `PRAGMA user_version`. The synced
 * tables can always be rebuilt by a full sync; the local tables (outbox, drafts, round) cannot,
 * so a migration must carry them over.
 */

function syncedTables(): string {
  return entityKinds
    .map((kind) => {
      const spec = entitySpecs[kind];
      const columns = [
        'id TEXT PRIMARY KEY',
        'patient_id TEXT',
        ...spec.columns.map((c) => c.column),
        'json TEXT NOT NULL',
      ];
      return `CREATE TABLE ${spec.table} (${columns.join(', ')});
        CREATE INDEX ${spec.table}_by_patient ON ${spec.table} (patient_id);`;
    })
    .join('\n');
}

/**
 * For each kind local commands change, a view of what the user sees: the synced rows, with any
 * record that has a local overlay replaced by its latest overlay version (sync property 5).
 */
function overlayViews(): string {
  return entityKinds
    .filter((kind) => entitySpecs[kind].local)
    .map((kind) => {
      const spec = entitySpecs[kind];
      const synced = ['id', 'patient_id', ...spec.columns.map((c) => c.column), 'json', '0 AS pending'];
      const local = [
        'o.record_id',
        'o.patient_id',
        ...spec.columns.map((c) => `json_extract(o.json, '$.${c.field}')`),
        'o.json',
        '1',
      ];
      return `CREATE VIEW visible_${spec.table} AS
        SELECT ${synced.join(', ')} FROM ${spec.table}
          WHERE id NOT IN (SELECT record_id FROM overlay WHERE entity = '${kind}')
        UNION ALL
        SELECT ${local.join(', ')} FROM overlay o
          WHERE o.entity = '${kind}'
            AND o.seq = (SELECT max(seq) FROM overlay WHERE entity = '${kind}' AND record_id = o.record_id);`;
    })
    .join('\n');
}

const migrations: readonly string[] = [
  `${syncedTables()}
  -- Local-only state.
  CREATE TABLE overlay (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    mutation_id TEXT NOT NULL,
    entity TEXT NOT NULL,
    record_id TEXT NOT NULL,
    patient_id TEXT NOT NULL,
    json TEXT NOT NULL,
    -- Which pulled state confirms it (see overlay.ts).
    confirm TEXT NOT NULL,
    -- 1 once the portal applied the mutation: the row waits for the pulled record to confirm it.
    applied INTEGER NOT NULL DEFAULT 0
  );
  CREATE INDEX overlay_record ON overlay (entity, record_id);
  CREATE INDEX overlay_mutation ON overlay (mutation_id);
  CREATE INDEX overlay_patient ON overlay (patient_id);
  CREATE TABLE outbox (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    patient_id TEXT,
    mutation TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    queued_at TEXT NOT NULL
  );
  CREATE TABLE rejected (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    patient_id TEXT,
    mutation TEXT NOT NULL,
    result TEXT NOT NULL,
    rejected_at TEXT NOT NULL
  );
  CREATE TABLE draft (patient_id TEXT PRIMARY KEY, body TEXT NOT NULL, updated_at TEXT NOT NULL);
  CREATE TABLE round (
    patient_id TEXT NOT NULL,
    week INTEGER NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('done', 'snoozed')),
    at TEXT NOT NULL,
    PRIMARY KEY (patient_id, week)
  ) WITHOUT ROWID;
  CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
  -- Derived from the records (summaries.ts); rebuilt with them.
  CREATE TABLE patient_summary (
    patient_id TEXT PRIMARY KEY,
    enrolment_status TEXT NOT NULL,
    therapist_id TEXT,
    summary TEXT NOT NULL
  );
  CREATE INDEX patient_summary_scope ON patient_summary (enrolment_status, therapist_id, patient_id);
  ${overlayViews()}`,
  // When a snooze was set: a patient message after it lifts the patient back up the queue.
  `ALTER TABLE round ADD COLUMN since TEXT;`,
];

export const SCHEMA_VERSION = migrations.length;

export function migrate(db: CacheDatabase): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > SCHEMA_VERSION) {
    throw new Error(
      `The cache was written by a newer workstation (schema ${current}, this one knows ${SCHEMA_VERSION})`,
    );
  }
  for (let version = current; version < SCHEMA_VERSION; version += 1) {
    db.transaction(() => {
      db.exec(migrations[version] as string);
      db.pragma(`user_version = ${version + 1}`);
    })();
  }
}
