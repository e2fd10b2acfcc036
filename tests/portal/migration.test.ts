import { randomUUID } from 'node:crypto';
import { afterEach, expect, it } from 'vitest';
import type { Db } from '../../src/portal/db/db';
import { migrate } from '../../src/portal/db/migrate';
import { migrations } from '../../src/portal/db/migrations/index';
import { openPglite } from '../../src/portal/db/pglite';
import { openPostgres } from '../../src/portal/db/pg';
import { createLogger } from '../../src/portal/logger';
import { eachBackend, freshDatabase, type Database } from './harness';

/** A database as the portal left it with its first `applied` migrations. */
async function migratedTo(database: Database, applied: number): Promise<Db> {
  const db = database.options.databaseUrl
    ? openPostgres(database.options.databaseUrl, createLogger('silent'))
    : await openPglite('memory://');
  await db.query(
    'CREATE TABLE schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())',
  );
  for (const [index, migration] of migrations.slice(0, applied).entries()) {
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
    db = await migratedTo(database, 2);
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
    db = await migratedTo(database, 2);
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

eachBackend('migration 008 (flag hits) on an existing database on %s', (backend) => {
  let database: Database;
  let db: Db | undefined;
  afterEach(async () => {
    await db?.close();
    await database.drop();
  });

  it('gives each questionnaire flag its first hit, the answer that raised it, logged for the pull; one raised by hand none', async () => {
    database = await freshDatabase(backend);
    db = await migratedTo(database, 7);
    const [clinic, team, patient, enrolment, response, flag, staff, byHand] = Array.from({ length: 8 }, () =>
      randomUUID(),
    );
    await db.query("INSERT INTO clinic (id, name) VALUES ($1, 'K')", [clinic]);
    await db.query("INSERT INTO team (id, clinic_id, name) VALUES ($1, $2, 'T')", [team, clinic]);
    await db.query("INSERT INTO staff (id, display_name, role) VALUES ($1, 'S', 'therapist')", [staff]);
    await db.query(
      "INSERT INTO patient (id, given_name, family_name, birth_year, team_id) VALUES ($1, 'A', 'B', 1990, $2)",
      [patient, team],
    );
    await db.query(
      "INSERT INTO enrolment (id, patient_id, programme, status) VALUES ($1, $2, 'depression', 'active')",
      [enrolment, patient],
    );
    await db.query(
      `INSERT INTO questionnaire_response (id, patient_id, enrolment_id, instrument_id, week, answers, total, band, submitted_at)
       VALUES ($1, $2, $3, 'phq-9', 5, '{"9": 2}', 2, 'minimal', '2026-03-02T09:15:00.250Z')`,
      [response, patient, enrolment],
    );
    await db.query(
      `INSERT INTO flag (id, patient_id, severity, reason_code, source, details, status, raised_at)
       VALUES ($1, $2, 'urgent', 'suicidal-thoughts', $3, '{"linkId": "9", "value": 2, "threshold": 2}', 'open', now()),
              ($4, $2, 'risk', 'clinician-raised', $5, '{"note": "Bekymret"}', 'open', now())`,
      [
        flag,
        patient,
        { kind: 'questionnaire', instrumentId: 'phq-9', responseId: response, linkId: '9' },
        byHand,
        { kind: 'clinician', staffId: staff },
      ],
    );
    await migrate(db);

    const hits = await db.query<{ id: string; hits: unknown }>('SELECT id, hits FROM flag ORDER BY severity');
    expect(hits.rows).toEqual([
      { id: byHand, hits: [] },
      {
        id: flag,
        hits: [
          { responseId: response, week: 5, value: 2, severity: 'urgent', at: '2026-03-02T09:15:00.250Z' },
        ],
      },
    ]);
    // The change reaches workstations through their next pull.
    const logged = await db.query("SELECT entity_id, patient_id FROM change_log WHERE entity = 'flag'");
    expect(logged.rows).toEqual([{ entity_id: flag, patient_id: patient }]);
  }, 120_000);
});

eachBackend('migration 012 (team lead actions) on an existing database on %s', (backend) => {
  let database: Database;
  let db: Db | undefined;
  afterEach(async () => {
    await db?.close();
    await database.drop();
  });

  it("keeps a capacity other than the clinic's default as the therapist's own target; the default one follows the clinic", async () => {
    database = await freshDatabase(backend);
    db = await migratedTo(database, 11);
    const [clinic, own, standard] = Array.from({ length: 3 }, () => randomUUID());
    await db.query(
      `INSERT INTO clinic (id, name, staff_settings)
       VALUES ($1, 'K', '{"defaultCaseloadCapacity": 20, "replyDeadlineDays": 3, "idleLockMinutes": 10}')`,
      [clinic],
    );
    await db.query(
      `INSERT INTO staff (id, display_name, role, caseload_capacity)
       VALUES ($1, 'Egen', 'therapist', 30), ($2, 'Standard', 'therapist', 20)`,
      [own, standard],
    );
    await migrate(db);

    const capacities = await db.query<{ id: string; own: boolean }>(
      'SELECT id, capacity_set_at IS NOT NULL AS own FROM staff ORDER BY caseload_capacity',
    );
    expect(capacities.rows).toEqual([
      { id: standard, own: false },
      { id: own, own: true },
    ]);
  }, 120_000);
});
