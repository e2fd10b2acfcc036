import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { hashPassword } from '../../src/portal/auth/passwords';
import type { Db } from '../../src/portal/db/db';
import { demoProfileOf, DemoSeedRefused, seedIfEmpty } from '../../src/portal/seed/seed';
import { startPortal } from '../../src/portal/server';
import { eachBackend, freshDatabase, openPortal, SEED_NOW, type Database } from './harness';

/** A real clinic's first account, as an administrator would have created it. */
async function addRealAdmin(db: Db): Promise<void> {
  const id = randomUUID();
  await db.query("INSERT INTO staff (id, display_name, role) VALUES ($1, 'Kari Admin', 'admin')", [id]);
  await db.query(
    "INSERT INTO account (principal_id, kind, username, password_hash) VALUES ($1, 'staff', 'kari', $2)",
    [id, await hashPassword('a real password, not the demo one')],
  );
}

eachBackend('demo data only when asked, on %s', (backend) => {
  let database: Database;
  let dir: string;
  beforeEach(async () => {
    database = await freshDatabase(backend);
    dir = await mkdtemp(join(tmpdir(), 'portal-demo-'));
  });
  afterEach(async () => {
    await database.drop();
    await rm(dir, { recursive: true, force: true });
  });

  it('a portal started without a seed holds no account and is not a demo', async () => {
    const portal = await startPortal({ port: 0, logLevel: 'silent', ...database.options });
    try {
      expect(portal.demo).toBe(false);
      expect(portal.demoAccounts).toEqual([]);
      expect(await (await fetch(`${portal.url}/health`)).json()).toMatchObject({ status: 'ok', demo: false });
      const login = await fetch(`${portal.url}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'admin', password: 'demo-passord' }),
      });
      expect(login.status).toBe(401);
    } finally {
      await portal.close();
    }
  });

  it('a seeded database is marked as a demo, and seeding it again changes nothing', async () => {
    const portal = await openPortal(database, { seed: false });
    try {
      expect(await demoProfileOf(portal.db)).toBeNull();
      expect(await seedIfEmpty(portal.db, 'demo', { now: SEED_NOW })).toBe(true);
      expect(await demoProfileOf(portal.db)).toBe('demo');
      expect((await portal.call('GET', '/health')).body.demo).toBe(true);
      const staff = await portal.db.query<{ n: number }>('SELECT count(*)::int AS n FROM staff');
      expect(await seedIfEmpty(portal.db, 'demo', { now: SEED_NOW })).toBe(false);
      expect((await portal.db.query<{ n: number }>('SELECT count(*)::int AS n FROM staff')).rows).toEqual(
        staff.rows,
      );
    } finally {
      await portal.close();
    }
  });

  it('refuses to seed demo accounts into a database that holds real accounts', async () => {
    // PGlite on disk, so a second portal opens the same database.
    if (backend === 'pglite') database.options = { dataDir: dir };
    const portal = await openPortal(database, { seed: false });
    try {
      await addRealAdmin(portal.db);
      await expect(seedIfEmpty(portal.db, 'demo', { now: SEED_NOW })).rejects.toBeInstanceOf(DemoSeedRefused);
      const accounts = await portal.db.query<{ username: string }>('SELECT username FROM account');
      expect(accounts.rows).toEqual([{ username: 'kari' }]);
      expect(await demoProfileOf(portal.db)).toBeNull();
      expect((await portal.call('GET', '/health')).body.demo).toBe(false);
    } finally {
      await portal.close();
    }
    await expect(
      startPortal({ port: 0, logLevel: 'silent', seed: 'demo', ...database.options }),
    ).rejects.toThrow(/real accounts/);
  });
});
