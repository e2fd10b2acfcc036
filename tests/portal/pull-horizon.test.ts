/* eslint-disable @typescript-eslint/no-explicit-any -- the tests assert on response JSON as the wire carries it */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Database,
  type TestPortal,
  freshDatabase,
  openPortal,
  patientsOf,
  postgresUrl,
  pullAll,
} from './harness';

/**
 * The pull horizon is the portal's own database's: a transaction left open in another database
 * on the same PostgreSQL server holds back no change, while one open in the portal's own database
 * still does (it may yet commit a change below the cursor).
 */
describe.runIf(postgresUrl)('the pull horizon on a shared PostgreSQL server', () => {
  let database: Database;
  let portal: TestPortal;
  let token: string;
  let patientId: string;

  beforeAll(async () => {
    database = await freshDatabase('postgres');
    portal = await openPortal(database);
    token = await portal.login('terapeut1');
    patientId = (await patientsOf(portal.db, 'terapeut1'))[0]!;
  }, 120_000);
  afterAll(async () => {
    await portal.close();
    await database.drop();
  });

  /** A client holding a write transaction (a transaction id) open until released. */
  async function openTransactionIn(url: string) {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query('BEGIN');
    await client.query('SELECT pg_current_xact_id()');
    return async () => {
      await client.query('ROLLBACK');
      await client.end();
    };
  }

  async function sendAndPull(cursor: string | null) {
    const body = `Hei ${randomUUID()}`;
    const pushed = await portal.call('POST', '/api/v1/sync/push', {
      token,
      body: {
        mutations: [
          { id: randomUUID(), type: 'message.send', payload: { messageId: randomUUID(), patientId, body } },
        ],
      },
    });
    expect(pushed.body.results[0].status).toBe('applied');
    const page = await pullAll(portal, token, cursor);
    return { page, arrived: page.changes.some((c: any) => c.entity === 'message' && c.record.body === body) };
  }

  it('is not held back by a transaction open in another database of the server', async () => {
    const { cursor } = await pullAll(portal, token);
    const release = await openTransactionIn(postgresUrl!);
    try {
      const { arrived } = await sendAndPull(cursor);
      expect(arrived).toBe(true);
    } finally {
      await release();
    }
  });

  it('is still held back by a transaction open in its own database', async () => {
    const { cursor } = await pullAll(portal, token);
    const release = await openTransactionIn(database.options.databaseUrl!);
    try {
      const { page, arrived } = await sendAndPull(cursor);
      expect(arrived).toBe(false);
      // The cursor stays where it was, so the change comes with a later pull.
      expect(page.cursor).toBe(cursor);
    } finally {
      await release();
    }
  });
});
