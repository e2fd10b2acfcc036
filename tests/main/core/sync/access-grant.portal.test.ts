import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { CacheDatabase } from '../../../../src/main/core/cache/database';
import type { Cache } from '../../../../src/main/core/cache/cache';
import type { SyncEngine } from '../../../../src/main/core/sync/engine';
import {
  eachBackend,
  freshDatabase,
  openPortal,
  principalId,
  type Database,
  type TestPortal,
} from '../../../portal/harness';
import { Teardown, credentials, newEngine, newStore } from './support/harness';
import { waitFor } from './support/wait';

/**
 * A team lead's cache under need-to-know access, against the real portal on each backend: oversight
 * data only; a grant brings one patient's whole record; once the grant has expired the record is
 * gone from the encrypted cache again, and the oversight data is back.
 */
eachBackend('a team lead cache and access grants on %s', (backend) => {
  let database: Database;
  let portal: TestPortal;
  let url: string;
  const teardown = new Teardown();

  beforeAll(async () => {
    database = await freshDatabase(backend);
    portal = await openPortal(database);
    url = await portal.listen();
  });
  afterAll(async () => {
    await teardown.run();
    await portal.close();
    await database.drop();
  });

  /** Rows of the record's text-bearing kinds the cache holds for a patient (or for anyone). */
  const textRows = (db: CacheDatabase, patientId: string | null) =>
    ['message', 'homework', 'clinical_note', 'questionnaire_response'].reduce(
      (n, table) =>
        n +
        (
          db
            .prepare(`SELECT count(*) AS n FROM ${table} WHERE ? IS NULL OR patient_id = ?`)
            .get(patientId, patientId) as { n: number }
        ).n,
      0,
    );
  const rowsOf = (db: CacheDatabase, table: string, patientId: string) =>
    (db.prepare(`SELECT count(*) AS n FROM ${table} WHERE patient_id = ?`).get(patientId) as { n: number }).n;
  const accessOf = (cache: Cache, patientId: string) =>
    cache.summaries.all().find((entry) => entry.patientId === patientId)?.summary.access;

  async function syncNow(engine: SyncEngine) {
    const status = await engine.syncNow();
    expect(status.lastError).toBeNull();
  }

  it('holds oversight data only, a granted record until expiry, and nothing of it after', async () => {
    const engine = newEngine(teardown, url, { nudges: false });
    await engine.signIn(credentials('teamleder'));
    const { cache, db, enqueue } = newStore(teardown);
    engine.start(cache.synced);
    await waitFor('initial sync', () => engine.status().lastSyncAt);

    const patientId = await principalId(portal.db, 'pasient1');
    const patients = (db.prepare('SELECT count(*) AS n FROM patient').get() as { n: number }).n;
    expect(patients).toBeGreaterThan(50);
    expect(textRows(db, null)).toBe(0);
    expect((db.prepare('SELECT count(*) AS n FROM patient_overview').get() as { n: number }).n).toBe(
      patients,
    );
    // The team lead's lists work from the overview: the patient's scores and messages are counted.
    const summary = cache.summaries.all().find((entry) => entry.patientId === patientId)!.summary;
    expect(summary).toMatchObject({ access: 'oversight' });
    expect(summary.latestScores.length).toBeGreaterThan(0);

    enqueue({
      id: randomUUID(),
      type: 'record.open',
      payload: { grantId: randomUUID(), patientId, reason: 'acute-risk', hours: 24 },
    });
    await syncNow(engine);
    await waitFor('the record', () => rowsOf(db, 'message', patientId) > 0);
    expect(rowsOf(db, 'access_grant', patientId)).toBe(1);
    expect(rowsOf(db, 'patient_overview', patientId)).toBe(0);
    expect(accessOf(cache, patientId)).toBe('record');
    // Exactly that patient.
    expect(textRows(db, null)).toBe(textRows(db, patientId));

    await portal.db.query(
      `UPDATE access_grant SET granted_at = now() - interval '25 hours', expires_at = now() - interval '1 second'
        WHERE patient_id = $1`,
      [patientId],
    );
    await syncNow(engine);
    await waitFor('the record gone', () => textRows(db, patientId) === 0);
    expect(textRows(db, null)).toBe(0);
    expect(rowsOf(db, 'access_grant', patientId)).toBe(0);
    expect(rowsOf(db, 'patient_overview', patientId)).toBe(1);
    expect(accessOf(cache, patientId)).toBe('oversight');
  });

  it("a therapist's cache is unchanged: their own patients in full, no overviews", async () => {
    const engine = newEngine(teardown, url, { nudges: false });
    await engine.signIn(credentials('terapeut1'));
    const { db, cache } = newStore(teardown);
    engine.start(cache.synced);
    await waitFor('initial sync', () => engine.status().lastSyncAt);
    expect((db.prepare('SELECT count(*) AS n FROM patient_overview').get() as { n: number }).n).toBe(0);
    expect(textRows(db, null)).toBeGreaterThan(0);
    expect(cache.summaries.all().every((entry) => entry.summary.access === 'record')).toBe(true);
  });
});
