import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Teardown, cachedKeys, credentials, newEngine, newStore, startDemoPortal } from './support/harness';
import { MemoryVault } from './support/memory-vault';
import { keyOf } from './support/recording-store';
import { waitFor } from './support/wait';
import { startLossyProxy } from './support/lossy-proxy';
import { startPortalProcess } from './support/portal-child';

/** The portal going away and coming back on the same data directory and port. */

const teardown = new Teardown();
afterEach(() => teardown.run());

async function portalOnDisk() {
  const dataDir = await mkdtemp(join(tmpdir(), 'sync-faults-'));
  const running = { portal: await startDemoPortal({ dataDir }) };
  teardown.add(() => rm(dataDir, { recursive: true, force: true }));
  teardown.add(() => running.portal.close().catch(() => undefined));
  return {
    running,
    restart: async () => {
      running.portal = await startDemoPortal({ dataDir, port: running.portal.port });
      return running.portal;
    },
  };
}

/** What a clean, uninterrupted initial sync of this account brings. */
async function cleanSync(portalUrl: string, pullPageSize: number) {
  const engine = newEngine(teardown, portalUrl, { nudges: false, pullPageSize });
  await engine.signIn(credentials('terapeut1'));
  const { db, store } = newStore(teardown);
  engine.start(store);
  await waitFor('clean sync', () => engine.status().lastSyncAt, 15_000);
  await engine.stop();
  return { db, store };
}

describe('sync faults with the portal restarting', () => {
  it('reports offline with the cache intact when the portal is down at start, then recovers by itself', async () => {
    const { running, restart } = await portalOnDisk();
    const vault = new MemoryVault();
    const first = newEngine(teardown, running.portal.url, { vault, nudges: false });
    await first.signIn(credentials('terapeut1'));
    const { db, store } = newStore(teardown);
    first.start(store);
    await waitFor('first sync', () => first.status().lastSyncAt, 15_000);
    await first.stop();
    const cachedBefore = cachedKeys(db);
    const cursor = store.getCursor();
    await running.portal.close();

    // The app starts again with the session in the keychain and the cache on disk; no portal.
    const engine = newEngine(teardown, running.portal.url, { vault });
    engine.start(store);
    await waitFor('offline', () => engine.status().online === false);
    expect(engine.status().live).toBe(false);

    expect(engine.status().lastError?.code).toMatch(/^ECONN(REFUSED|RESET)$/);
    expect(cachedKeys(db)).toEqual(cachedBefore);
    expect(cachedBefore.size).toBeGreaterThan(100);
    expect(store.getCursor()).toBe(cursor);
    expect(vault.token).not.toBeNull();

    await restart();
    await waitFor(
      'back online by itself',
      () => engine.status().online === true && engine.status().lastSyncAt,
      15_000,
    );
    expect(engine.status().lastError).toBeNull();
    // The nudge stream reconnects on its own backoff too.
    await waitFor('nudge stream back', () => engine.status().live, 15_000);
  }, 90_000);

  it('resumes an initial sync after the portal process is killed while serving a page, applying nothing twice', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'sync-kill-'));
    teardown.addLast(() => rm(dataDir, { recursive: true, force: true }));
    const running = { portal: await startPortalProcess({ dataDir }) };
    teardown.add(() => running.portal.stop());
    let pulls = 0;
    let killed: Promise<void> | null = null;
    // The fourth page request reaches the portal, and the portal's process dies serving it.
    const proxy = await startLossyProxy(running.portal.url, (path) => {
      if (path === '/api/v1/sync/pull' && ++pulls === 4) killed = running.portal.kill();
    });
    teardown.add(proxy.close);
    const engine = newEngine(teardown, proxy.url, { nudges: false, pullPageSize: 50 });
    await engine.signIn(credentials('terapeut1'));
    const { db, store } = newStore(teardown);

    engine.start(store);
    await waitFor('offline after the kill', () => engine.status().online === false, 15_000);
    await killed;
    const appliedBeforeRestart = store.applied.length;
    expect(engine.status().initialSync).toMatchObject({ running: true, pagesDone: 3 });

    // The same data directory, the same port: the proxy finds it again.
    running.portal = await startPortalProcess({ dataDir, port: running.portal.port });
    await waitFor('resumed', () => engine.status().lastSyncAt, 30_000);

    const keys = store.applied.map(keyOf);
    expect(new Set(keys).size).toBe(keys.length);
    expect(appliedBeforeRestart).toBeGreaterThan(0);
    const clean = await cleanSync(running.portal.url, 50);
    expect(new Set(keys)).toEqual(new Set(clean.store.applied.map(keyOf)));
    expect(cachedKeys(db)).toEqual(cachedKeys(clean.db));
    // Progress carried on from page 3 instead of starting over.
    expect(engine.status().initialSync).toMatchObject({
      running: false,
      changesApplied: clean.store.applied.length,
    });
  }, 120_000);
});
