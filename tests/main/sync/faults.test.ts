import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunningPortal } from '../../../src/portal/server';
import { Teardown, cachedKeys, credentials, newEngine, newStore, startDemoPortal } from './support/harness';
import { MemoryVault } from './support/memory-vault';
import { keyOf } from './support/recording-store';
import { waitFor } from './support/wait';

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
async function cleanSync(portal: RunningPortal, pullPageSize: number) {
  const engine = newEngine(teardown, portal.url, { nudges: false, pullPageSize });
  await engine.signIn(credentials('terapeut1'));
  const { cache, store } = newStore(teardown);
  engine.start(store);
  await waitFor('clean sync', () => engine.status().lastSyncAt, 15_000);
  await engine.stop();
  return { cache, store };
}

describe('sync faults with the portal restarting', () => {
  it('reports offline with the cache intact when the portal is down at start, then recovers by itself', async () => {
    const { running, restart } = await portalOnDisk();
    const vault = new MemoryVault();
    const first = newEngine(teardown, running.portal.url, { vault, nudges: false });
    await first.signIn(credentials('terapeut1'));
    const { cache, store } = newStore(teardown);
    first.start(store);
    await waitFor('first sync', () => first.status().lastSyncAt, 15_000);
    await first.stop();
    const cachedBefore = cachedKeys(cache);
    const cursor = store.getCursor();
    await running.portal.close();

    // The app starts again with the session in the keychain and the cache on disk; no portal.
    const engine = newEngine(teardown, running.portal.url, { vault });
    engine.start(store);
    await waitFor('offline', () => engine.status().online === false);
    expect(engine.status().live).toBe(false);

    expect(engine.status().lastError?.code).toMatch(/^ECONN(REFUSED|RESET)$/);
    expect(cachedKeys(cache)).toEqual(cachedBefore);
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

  it('resumes an initial sync after the portal is killed between pages, applying nothing twice', async () => {
    const { running, restart } = await portalOnDisk();
    const engine = newEngine(teardown, running.portal.url, { nudges: false, pullPageSize: 50 });
    await engine.signIn(credentials('terapeut1'));
    const { cache, store } = newStore(teardown);
    let killed: Promise<void> | null = null;
    engine.onStatus((status) => {
      if (!killed && status.initialSync.pagesDone === 3) killed = running.portal.close();
    });

    engine.start(store);
    await waitFor('offline after the kill', () => engine.status().online === false, 15_000);
    await killed;
    const appliedBeforeRestart = store.applied.length;
    expect(engine.status().initialSync).toMatchObject({ running: true, pagesDone: 3 });

    await restart();
    await waitFor('resumed', () => engine.status().lastSyncAt, 15_000);

    const keys = store.applied.map(keyOf);
    expect(new Set(keys).size).toBe(keys.length);
    expect(appliedBeforeRestart).toBeGreaterThan(0);
    const clean = await cleanSync(running.portal, 50);
    expect(new Set(keys)).toEqual(new Set(clean.store.applied.map(keyOf)));
    expect(cachedKeys(cache)).toEqual(cachedKeys(clean.cache));
    // Progress carried on from page 3 instead of starting over.
    expect(engine.status().initialSync).toMatchObject({
      running: false,
      changesApplied: clean.store.applied.length,
    });
  }, 90_000);
});
