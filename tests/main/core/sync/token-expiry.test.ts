import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REVOKE_CHANNEL } from '../../../../src/portal/auth/tokens';
import type { RunningPortal } from '../../../../src/portal/server';
import { Teardown, credentials, newEngine, newStore, startDemoPortal } from './support/harness';
import { startLossyProxy } from './support/lossy-proxy';
import { MemoryVault } from './support/memory-vault';
import { keyOf } from './support/recording-store';
import { postgresReachable, scratchDatabase } from './support/scratch-database';
import { waitFor } from './support/wait';

/**
 * The access token expiring in the middle of an initial sync, expired for real in the portal's
 * session table. That needs a database the test can reach beside the portal: a fresh database on
 * the PostgreSQL server (TEST_DATABASE_URL, or the local one).
 */

const database = scratchDatabase('sync_expiry');
const databaseUrl = database.url;
const reachable = await postgresReachable();

let portal: RunningPortal;
const teardown = new Teardown();

describe.skipIf(!reachable)('access token expiring mid-sync (PostgreSQL)', () => {
  beforeAll(async () => {
    await database.create();
    portal = await startDemoPortal({ databaseUrl });
  });
  afterAll(async () => {
    await teardown.run();
    await portal?.close();
    await database.drop();
  });

  it('refreshes once and carries on from the same page', async () => {
    const proxy = await startLossyProxy(portal.url);
    teardown.add(proxy.close);
    const vault = new MemoryVault();
    const engine = newEngine(teardown, proxy.url, { vault, nudges: false, pullPageSize: 50 });
    await engine.signIn(credentials('terapeut1'));
    const tokenAtSignIn = vault.token;
    const { store } = newStore(teardown);
    const portalDb = new pg.Client(databaseUrl);
    await portalDb.connect();
    teardown.add(() => portalDb.end());
    let expired: Promise<unknown> | null = null;
    engine.onStatus((status) => {
      if (!expired && status.initialSync.pagesDone === 2) {
        // Expired in the session table; the notify flushes the portal's 10 s lookup cache, which
        // would otherwise keep honouring the token until after this short sync has finished.
        expired = portalDb.query(
          `WITH expired AS (
             UPDATE session SET access_expires_at = now() - interval '1 second' RETURNING family_id)
           SELECT pg_notify($1, family_id::text) FROM expired`,
          [REVOKE_CHANNEL],
        );
      }
    });

    engine.start(store);
    await waitFor('initial sync', () => engine.status().lastSyncAt, 20_000);

    expect(expired).not.toBeNull();
    expect(proxy.forwarded.filter((request) => request.status === 401)).toHaveLength(1);
    expect(proxy.count('/api/v1/auth/refresh')).toBe(1);
    expect(vault.token).not.toBe(tokenAtSignIn);
    expect(engine.status()).toMatchObject({ lastError: null, initialSync: { running: false } });
    const keys = store.applied.map(keyOf);
    expect(new Set(keys).size).toBe(keys.length);
  });
});
