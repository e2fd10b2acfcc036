/* eslint-disable @typescript-eslint/no-explicit-any -- the tests assert on response JSON as the wire carries it */
import pg from 'pg';
import { randomBytes } from 'node:crypto';
import { PullResponse } from '../../src/shared/contracts/sync';
import { buildPortal } from '../../src/portal/app';
import { createPortalContext } from '../../src/portal/context';
import type { Db } from '../../src/portal/db/db';
import { openDatabase } from '../../src/portal/db/open';
import { createLogger } from '../../src/portal/logger';
import { DEMO_PASSWORD } from '../../src/portal/seed/accounts';
import { seedIfEmpty } from '../../src/portal/seed/seed';
import { describe } from 'vitest';

/**
 * Test portals on every backend: PGlite always, PostgreSQL when TEST_DATABASE_URL is set (each
 * test file gets a fresh database, dropped afterwards).
 */
export type BackendName = 'pglite' | 'postgres';

export const backends: readonly BackendName[] = ['pglite', 'postgres'];
export const postgresUrl = process.env.TEST_DATABASE_URL;

/**
 * `describe.each(backends)`, except that a backend this machine lacks shows its tests as skipped
 * instead of leaving them out, so a run without PostgreSQL cannot pass for a full one.
 */
export function eachBackend(name: string, suite: (backend: BackendName) => void): void {
  for (const backend of backends) {
    describe.skipIf(backend === 'postgres' && !postgresUrl)(name.replace('%s', backend), () =>
      suite(backend),
    );
  }
}

/** A fixed "now" for the seed keeps every run's clinic identical; the real clock drives requests. */
export const SEED_NOW = new Date();

export interface Database {
  options: { databaseUrl?: string; dataDir?: string };
  drop(): Promise<void>;
}

/** A fresh, empty database on the backend. */
export async function freshDatabase(backend: BackendName): Promise<Database> {
  if (backend === 'pglite') return { options: { dataDir: 'memory://' }, drop: async () => undefined };
  const name = `portal_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: postgresUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(postgresUrl!);
  url.pathname = `/${name}`;
  return {
    options: { databaseUrl: url.toString() },
    async drop() {
      const client = new pg.Client({ connectionString: postgresUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}

export interface ApiResponse<T = any> {
  status: number;
  body: T;
}

export interface TestPortal {
  db: Db;
  app: Awaited<ReturnType<typeof buildPortal>>;
  call<T = any>(
    method: string,
    url: string,
    options?: { token?: string; body?: unknown; raw?: string },
  ): Promise<ApiResponse<T>>;
  login(username: string, password?: string): Promise<string>;
  /** Listens on an ephemeral loopback port (once; later calls answer the same); resolves to the base URL. */
  listen(): Promise<string>;
  close(): Promise<void>;
}

/** A portal on a database, seeded with the demo clinic unless told otherwise. */
export async function openPortal(
  database: Database,
  options: { seed?: boolean; loginRateLimit?: { max: number; timeWindowMs: number } } = {},
): Promise<TestPortal> {
  const logger = createLogger('silent');
  const db = await openDatabase(database.options, logger);
  if (options.seed !== false) await seedIfEmpty(db, 'demo', { now: SEED_NOW });
  const context = await createPortalContext(
    db,
    options.loginRateLimit ?? { max: 1000, timeWindowMs: 60_000 },
  );
  const app = await buildPortal(context, logger);
  let listening: Promise<string> | undefined;
  const portal: TestPortal = {
    db,
    app,
    async call(method, url, { token, body, raw } = {}) {
      const response = await app.inject({
        method: method as 'GET',
        url,
        headers: {
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...(body !== undefined || raw !== undefined ? { 'content-type': 'application/json' } : {}),
        },
        payload: raw ?? (body === undefined ? undefined : JSON.stringify(body)),
      });
      const text = response.body;
      return { status: response.statusCode, body: text ? JSON.parse(text) : undefined };
    },
    async login(username, password = DEMO_PASSWORD) {
      const response = await portal.call('POST', '/api/v1/auth/login', { body: { username, password } });
      if (response.status !== 200) throw new Error(`login ${username}: ${response.status}`);
      return response.body.accessToken as string;
    },
    async listen() {
      listening ??= app.listen({ port: 0, host: '127.0.0.1' });
      return listening;
    },
    async close() {
      await app.close();
      context.stop();
      await db.close();
    },
  };
  return portal;
}

export { phq9 } from './answers';

/** Ids the tests look people up by. */
export async function principalId(db: Db, username: string): Promise<string> {
  const result = await db.query<{ principal_id: string }>(
    'SELECT principal_id FROM account WHERE username = $1',
    [username],
  );
  return result.rows[0]!.principal_id;
}

/** Active patients of a therapist, in id order. */
export async function patientsOf(db: Db, username: string): Promise<string[]> {
  const result = await db.query<{ patient_id: string }>(
    `SELECT e.patient_id FROM enrolment e JOIN account a ON a.principal_id = e.therapist_id
      WHERE a.username = $1 AND e.status = 'active' ORDER BY e.patient_id`,
    [username],
  );
  return result.rows.map((row) => row.patient_id);
}

export async function count(db: Db, sql: string, params: unknown[] = []): Promise<number> {
  const result = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${sql}`, params);
  return result.rows[0]!.n;
}

/** Pulls until the server has nothing more, returning every change and the final cursor. */
export async function pullAll(
  portal: TestPortal,
  token: string,
  cursor: string | null = null,
  limit?: number,
) {
  const changes: any[] = [];
  for (let page = 0; page < 200; page++) {
    const response = await portal.call('POST', '/api/v1/sync/pull', {
      token,
      body: { cursor, ...(limit ? { limit } : {}) },
    });
    if (response.status !== 200) throw new Error(`pull: ${response.status} ${JSON.stringify(response.body)}`);
    // Every page must be what the workstation's sync engine accepts.
    PullResponse.parse(response.body);
    if (response.body.kind !== 'changes') return { changes, cursor, resync: response.body };
    changes.push(...response.body.changes);
    cursor = response.body.cursor;
    if (!response.body.hasMore) return { changes, cursor: cursor!, resync: null };
  }
  throw new Error('pull did not finish');
}

/**
 * Pulls until `done` holds for everything received. A change committed a moment ago can wait
 * behind any older transaction still running on the server (autovacuum included): it is never
 * lost, but it may take a few pulls to arrive.
 */
export async function pullUntil(
  portal: TestPortal,
  token: string,
  cursor: string | null,
  done: (changes: any[]) => boolean,
  limit?: number,
) {
  const changes: any[] = [];
  for (const deadline = Date.now() + 5000; ;) {
    const page = await pullAll(portal, token, cursor, limit);
    changes.push(...page.changes);
    cursor = page.cursor;
    if (done(changes) || Date.now() > deadline) return { changes, cursor };
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
