import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count, freshDatabase, openPortal, postgresUrl, type Database, type TestPortal } from './harness';

/** The database going away under a running portal: PostgreSQL only (PGlite lives in-process). */
describe.runIf(postgresUrl)('database faults on postgres', () => {
  let database: Database;
  let portal: TestPortal;
  let admin: pg.Client;
  let name: string;

  beforeAll(async () => {
    database = await freshDatabase('postgres');
    portal = await openPortal(database);
    name = new URL(database.options.databaseUrl!).pathname.slice(1);
    admin = new pg.Client({ connectionString: postgresUrl });
    await admin.connect();
  });
  afterAll(async () => {
    await admin.query(`ALTER DATABASE ${name} ALLOW_CONNECTIONS true`);
    await admin.end();
    await portal.close();
    await database.drop();
  });

  const killPortalConnections = (filter = '') =>
    admin.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid() ${filter}`,
      [name],
    );

  it('answers 503 while the database is gone, and resumes when it returns', async () => {
    const token = await portal.login('terapeut1');
    await admin.query(`ALTER DATABASE ${name} ALLOW_CONNECTIONS false`);
    await killPortalConnections();
    const health = await portal.call('GET', '/health');
    expect(health.status).toBe(503);
    expect(health.body.error.code).toBe('unavailable');
    expect((await portal.call('POST', '/api/v1/sync/pull', { token, body: { cursor: null } })).status).toBe(
      503,
    );
    expect(
      (await portal.call('POST', '/api/v1/auth/login', { body: { username: 'terapeut1', password: 'x' } }))
        .status,
    ).toBe(503);

    await admin.query(`ALTER DATABASE ${name} ALLOW_CONNECTIONS true`);
    let status = 0;
    for (const deadline = Date.now() + 30_000; status !== 200 && Date.now() < deadline;) {
      status = (await portal.call('GET', '/health')).status;
      if (status !== 200) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(status).toBe(200);
    expect(
      (await portal.call('POST', '/api/v1/sync/pull', { token, body: { cursor: null, limit: 5 } })).status,
    ).toBe(200);
  });

  it('a connection lost mid-mutation answers 503 and leaves no partial write; the retry applies it once', async () => {
    const token = await portal.login('terapeut1');
    const flag = (
      await portal.db.query<{ id: string }>(
        `SELECT f.id FROM flag f JOIN enrolment e ON e.patient_id = f.patient_id JOIN account a ON a.principal_id = e.therapist_id
          WHERE a.username = 'terapeut1' AND f.status = 'open' LIMIT 1`,
      )
    ).rows[0]!.id;
    const mutation = {
      id: randomUUID(),
      type: 'flag.acknowledge',
      payload: { flagId: flag, note: 'Ringte pasienten.' },
    };

    // Hold the flag's row lock so the push stops half-way, after it has claimed the mutation id.
    const blocker = new pg.Client({ connectionString: database.options.databaseUrl });
    await blocker.connect();
    await blocker.query('BEGIN');
    await blocker.query('SELECT 1 FROM flag WHERE id = $1 FOR UPDATE', [flag]);
    const pending = portal.call('POST', '/api/v1/sync/push', { token, body: { mutations: [mutation] } });
    // Killed only once the push is seen blocked on the lock; a loaded machine gets 30 s to get there.
    for (const deadline = Date.now() + 30_000; ;) {
      const waiting = await admin.query(
        "SELECT 1 FROM pg_stat_activity WHERE datname = $1 AND application_name = 'ikt-portal' AND wait_event_type = 'Lock'",
        [name],
      );
      if (waiting.rowCount) break;
      if (Date.now() > deadline) throw new Error('the push never blocked on the locked flag');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await killPortalConnections("AND application_name = 'ikt-portal' AND wait_event_type = 'Lock'");
    const response = await pending;
    await blocker.query('ROLLBACK');
    await blocker.end();

    expect(response.status).toBe(503);
    expect(await count(portal.db, 'mutation_result WHERE mutation_id = $1', [mutation.id])).toBe(0);
    expect(await count(portal.db, "flag WHERE id = $1 AND status = 'open'", [flag])).toBe(1);
    expect(await count(portal.db, "audit_log WHERE action = 'acknowledge'")).toBe(0);

    const retry = await portal.call('POST', '/api/v1/sync/push', { token, body: { mutations: [mutation] } });
    expect(retry.body.results[0].status).toBe('applied');
    expect(await count(portal.db, "flag WHERE id = $1 AND status = 'acknowledged'", [flag])).toBe(1);
  });

  it('when the notification connection comes back after a blip, every subscribed workstation is nudged once', async () => {
    const token = await portal.login('terapeut1');
    const url = await portal.listen();
    const controller = new AbortController();
    const response = await fetch(`${url}/api/v1/sync/events`, {
      headers: { authorization: `Bearer ${token}` },
      signal: controller.signal,
    });
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    const nudges = () => text.split('event: pull').length - 1;
    const waitFor = async (n: number) => {
      while (nudges() < n) {
        const { value, done } = await reader.read();
        if (done) throw new Error('stream ended');
        text += decoder.decode(value, { stream: true });
      }
    };
    try {
      await waitFor(1); // on connect
      // Only the LISTEN connection goes: notifications sent while it is down are lost for good.
      await killPortalConnections("AND application_name = 'ikt-portal-listen'");
      await waitFor(2);
      expect(nudges()).toBe(2);
    } finally {
      controller.abort();
    }
  });
});
