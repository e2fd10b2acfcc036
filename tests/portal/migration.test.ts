import { randomUUID } from 'node:crypto';
import { afterEach, expect, it } from 'vitest';
import type { Db } from '../../src/portal/db/db';
import { migrate } from '../../src/portal/db/migrate';
import { migrations } from '../../src/portal/db/migrations/index';
import { openPglite } from '../../src/portal/db/pglite';
import { openPostgres } from '../../src/portal/db/pg';
import { createLogger } from '../../src/portal/logger';
import { eachBackend, freshDatabase, type Database } from './harness';

/** A database as the portal left it before migration 003, with a little data in it. */
async function before003(database: Database): Promise<Db> {
  const db = database.options.databaseUrl
    ? openPostgres(database.options.databaseUrl, createLogger('silent'))
    : await openPglite('memory://');
  await db.query(
    'CREATE TABLE schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())',
  );
  for (const [index, migration] of migrations.slice(0, 2).entries()) {
    await db.query(migration.sql);
    await db.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [
      index + 1,
      migration.name,
    ]);
  }
  return db;
}

eachBackend('migration 003 on an existing database on %s', (backend) => {
  let database: Database;
  let db: Db | undefined;
  afterEach(async () => {
    await db?.close();
    await database.drop();
  });

  const ids = { clinic: randomUUID(), team: randomUUID(), patient: randomUUID(), enrolment: randomUUID() };
  async function populate(db: Db, activeEnrolments: number) {
    await db.query("INSERT INTO clinic (id, name) VALUES ($1, 'K')", [ids.clinic]);
    await db.query("INSERT INTO team (id, clinic_id, name) VALUES ($1, $2, 'T')", [ids.team, ids.clinic]);
    await db.query(
      "INSERT INTO patient (id, given_name, family_name, birth_year, team_id) VALUES ($1, 'A', 'B', 1990, $2)",
      [ids.patient, ids.team],
    );
    for (let i = 0; i < activeEnrolments; i++) {
      await db.query(
        "INSERT INTO enrolment (id, patient_id, programme, status, team_id) VALUES ($1, $2, 'depression', 'active', $3)",
        [i === 0 ? ids.enrolment : randomUUID(), ids.patient, ids.team],
      );
    }
    await db.query(
      'INSERT INTO module_progress (id, patient_id, enrolment_id, module_no, opened_at) VALUES ($1, $2, $3, 8, now())',
      [randomUUID(), ids.patient, ids.enrolment],
    );
    await db.query(
      `INSERT INTO account (principal_id, kind, username, password_hash, failed_logins, locked_until)
       VALUES ($1, 'patient', 'ola', 'x', 0, now() + interval '10 minutes')`,
      [ids.patient],
    );
  }

  it('keeps progress, lockouts and teams, and the new constraints hold', async () => {
    database = await freshDatabase(backend);
    db = await before003(database);
    await populate(db, 1);
    await migrate(db);

    const progress = await db.query<{ programme: string; title: string }>(
      'SELECT mp.programme, m.title FROM module_progress mp JOIN module m USING (programme, module_no)',
    );
    expect(progress.rows).toEqual([{ programme: 'depression', title: expect.any(String) }]);
    const locked = await db.query<{ locked: boolean }>(
      "SELECT locked_until > now() AS locked FROM login_failure WHERE username_hash = sha256(convert_to('ola', 'UTF8'))",
    );
    expect(locked.rows).toEqual([{ locked: true }]);
    // A second active enrolment, and progress on a module the programme does not have, are refused.
    await expect(
      db.query(
        "INSERT INTO enrolment (id, patient_id, programme, status) VALUES ($1, $2, 'panic', 'active')",
        [randomUUID(), ids.patient],
      ),
    ).rejects.toThrow(/enrolment_one_active/);
    await expect(
      db.query(
        "INSERT INTO module_progress (id, patient_id, enrolment_id, programme, module_no) VALUES ($1, $2, $3, 'depression', 9)",
        [randomUUID(), ids.patient, ids.enrolment],
      ),
    ).rejects.toThrow(/module_progress_module/);
  });

  it('stops with a clear error, changing nothing, when a patient has two active enrolments', async () => {
    database = await freshDatabase(backend);
    db = await before003(database);
    await populate(db, 2);
    await expect(migrate(db)).rejects.toThrow(/more than one active enrolment/);
    const applied = await db.query<{ version: number }>(
      'SELECT version FROM schema_migrations ORDER BY version',
    );
    expect(applied.rows.map((row) => row.version)).toEqual([1, 2]);
    expect(
      (
        await db.query(
          "SELECT 1 FROM information_schema.columns WHERE table_name = 'enrolment' AND column_name = 'team_id'",
        )
      ).rowCount,
    ).toBe(1);
  });
});
