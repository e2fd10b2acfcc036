import type { CacheDatabase } from './database';
import { migrations } from './migrations/index';

/** The schema version this workstation brings every cache to. */
export const SCHEMA_VERSION = migrations.length;

/**
 * Apply the cache's migrations (migrations/) it has not had yet, each in its own transaction and
 * recorded in `PRAGMA user_version`. The synced tables can always be rebuilt by a full sync; the
 * local tables (outbox, drafts, round) cannot, so a migration must carry them over.
 */
export function migrate(db: CacheDatabase): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > SCHEMA_VERSION) {
    throw new Error(
      `The cache was written by a newer workstation (schema ${current}, this one knows ${SCHEMA_VERSION})`,
    );
  }
  for (let version = current; version < SCHEMA_VERSION; version += 1) {
    db.transaction(() => {
      db.exec((migrations[version] as { sql: string }).sql);
      db.pragma(`user_version = ${version + 1}`);
    })();
  }
}
