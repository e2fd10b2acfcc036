import type { Db } from './db';
import { migrations } from './migrations/index';

/**
 * Applies every migration not yet recorded in schema_migrations, all in one transaction: an upgrade
 * either lands whole or not at all, so a failure never leaves a schema between two versions.
 * An advisory lock keeps two portal instances starting together from racing.
 */
export async function migrate(db: Db): Promise<void> {
  await db.query(
    'CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())',
  );
  await db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock(7341001)');
    const applied = await tx.query<{ version: number }>('SELECT version FROM schema_migrations');
    const done = new Set(applied.rows.map((row) => row.version));
    for (const [index, migration] of migrations.entries()) {
      const version = index + 1;
      if (done.has(version)) continue;
      await tx.query(migration.sql);
      await tx.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [
        version,
        migration.name,
      ]);
    }
  });
}
