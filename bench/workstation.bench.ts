/**
 * `npm run bench:workstation`: the workstation's sync and cache against the large demo clinic,
 * all on loopback. Prints each figure and whether it meets its target (issues 4 and 9).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PerformanceObserver, monitorEventLoopDelay } from 'node:perf_hooks';
import type { Cache } from '../src/main/core/cache/cache';
import { type CacheDatabase, type CacheFile, encryptedCacheFile } from '../src/main/core/cache/database';
import { SyncEngine } from '../src/main/core/sync/engine';
import type { SyncStatusView } from '../src/shared/contracts/ipc';
import { readQueue } from '../src/main/core/workstation/views/queue';
import {
  TEAM_LEAD_SCOPE,
  Verdicts,
  chooseDatabase,
  ms,
  percentile,
  widenTeamLeadScope,
} from './large-clinic';
import { unencryptedCacheFile } from './unencrypted-cache';
import { openWithHandle } from '../tests/main/core/cache/support/open';
import { MemoryVault } from '../tests/main/core/sync/support/memory-vault';
import { DEMO_PASSWORD, actAs } from '../tests/main/core/sync/support/portal-actor';
import { startPortalProcess } from '../tests/main/core/sync/support/portal-child';
import { RecordingStore } from '../tests/main/core/sync/support/recording-store';

const MESSAGE_ROUNDS = 20;
const TIMEOUT_MS = 120_000;
const QUERY_RUNS = 30;
const workDir = mkdtempSync(join(tmpdir(), 'bench-workstation-'));
/** Keys by cache name, so a cache can be opened again cold (a fresh connection, nothing in memory). */
const keys = new Map<string, Buffer>();
/** The database below each cache, for the measurements that need the file itself. */
const handles = new WeakMap<Cache, CacheDatabase>();
function openVia(file: CacheFile): Cache {
  const { cache, db } = openWithHandle(file);
  handles.set(cache, db);
  return cache;
}
const handleOf = (cache: Cache) => handles.get(cache)!;
function openCache(name: string): Cache {
  if (!keys.has(name)) keys.set(name, randomBytes(32));
  return openVia(encryptedCacheFile(join(workDir, `${name}.db`), keys.get(name)!));
}

const verdicts = new Verdicts();
const report = verdicts.report.bind(verdicts);

async function initialSync(portalUrl: string, username: string) {
  const engine = new SyncEngine({ portalUrl, vault: new MemoryVault(), nudges: false });
  await engine.signIn({ username, password: DEMO_PASSWORD });
  const cache = openCache(username);
  const store = new RecordingStore(cache.synced, false);
  const stalls = monitorEventLoopDelay({ resolution: 5 });
  // What the stalls are made of: garbage-collection pauses, beside the cache's commits (store.commitMs).
  let longestGcMs = 0;
  const gc = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) longestGcMs = Math.max(longestGcMs, entry.duration);
  });
  gc.observe({ entryTypes: ['gc'] });
  const started = performance.now();
  stalls.enable();
  engine.start(store);
  const status = await settled(engine);
  const elapsed = performance.now() - started;
  stalls.disable();
  gc.disconnect();
  await engine.stop();
  const patients = (handleOf(cache).prepare('SELECT count(*) AS n FROM patient').get() as { n: number }).n;
  const maxStallMs = stalls.max / 1e6;
  return { elapsed, status, patients, stats: engine.transferStats(), maxStallMs, longestGcMs, cache, store };
}

/** Resolves after the first cycle that completed, or fails on error or timeout. */
function settled(engine: SyncEngine): Promise<SyncStatusView> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('sync did not finish in time')), TIMEOUT_MS);
    const stop = engine.onStatus((status) => {
      if (status.syncing) return;
      if (status.lastError) reject(new Error(`sync failed: ${status.lastError.code}`));
      else if (status.lastSyncAt) resolve(status);
      else return;
      clearTimeout(timer);
      stop();
    });
  });
}

async function messageLatency(portalUrl: string): Promise<number[]> {
  const engine = new SyncEngine({ portalUrl, vault: new MemoryVault(), pollIntervalMs: 600_000 });
  await engine.signIn({ username: 'terapeut1', password: DEMO_PASSWORD });
  const cache = openCache('latency');
  const store = new RecordingStore(cache.synced);
  engine.start(store);
  await settled(engine);
  const deadline = performance.now() + 10_000;
  while (!engine.status().live && performance.now() < deadline) await new Promise((r) => setTimeout(r, 10));
  const patient = await actAs(portalUrl, 'pasient1');
  const latencies: number[] = [];
  for (let round = 0; round < MESSAGE_ROUNDS; round++) {
    // From the send call: the commit happens inside the request, so timing from its answer would
    // leave out the commit, the NOTIFY and the nudge that may already be on their way.
    const sentAt = performance.now();
    const written = (await patient.send('POST', '/api/v1/patient/me/messages', {
      body: `Benchmark ${round} ${randomUUID()}`,
    })) as { id: string };
    const arrivedAt = await Promise.race([
      store.arrivalOf('message', written.id),
      new Promise<number>((_, reject) => setTimeout(() => reject(new Error('message never arrived')), 5000)),
    ]);
    latencies.push(arrivedAt - sentAt);
  }
  await engine.stop();
  await cache.close();
  return latencies.sort((a, b) => a - b);
}

/**
 * Median times of the round's queue query over the encrypted cache and its unencrypted copy. Both
 * are checkpointed first (so the WAL state is alike) and the runs alternate, so that load from
 * elsewhere on the machine falls on both alike.
 */
/** The first queue query on a freshly opened cache: every page read from disk and decrypted. */
async function coldQueueQuery(name: string): Promise<number> {
  const cache = openCache(name);
  const started = performance.now();
  readQueue(cache, null, new Date());
  const elapsed = performance.now() - started;
  await cache.close();
  return elapsed;
}

function queueQueryMedians(encrypted: Cache, plain: Cache) {
  const now = new Date();
  const caches = [encrypted, plain];
  const times: number[][] = [[], []];
  let rows = 0;
  for (const cache of caches) {
    handleOf(cache).pragma('wal_checkpoint(TRUNCATE)');
    for (let i = 0; i < 3; i++) rows = readQueue(cache, null, now).items.length;
  }
  for (let i = 0; i < QUERY_RUNS; i++) {
    caches.forEach((cache, which) => {
      const started = performance.now();
      readQueue(cache, null, now);
      times[which]!.push(performance.now() - started);
    });
  }
  const median = (list: number[]) =>
    percentile(
      [...list].sort((a, b) => a - b),
      0.5,
    );
  return { rows, encryptedMs: median(times[0]!), unencryptedMs: median(times[1]!) };
}

/** The same records copied into an unencrypted file with the same schema: what encryption costs the queue query. */
async function unencryptedCopy(encrypted: Cache): Promise<Cache> {
  const path = join(workDir, 'unencrypted.db');
  await openVia(unencryptedCacheFile(path)).close();
  const db = handleOf(encrypted);
  db.prepare(`ATTACH DATABASE ? AS plaintext KEY ''`).run(path);
  const tables = db
    .prepare(`SELECT name FROM main.sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`)
    .all() as { name: string }[];
  db.transaction(() => {
    for (const { name } of tables)
      db.exec(`INSERT OR REPLACE INTO plaintext."${name}" SELECT * FROM main."${name}"`);
  })();
  db.prepare('DETACH DATABASE plaintext').run();
  return openVia(unencryptedCacheFile(path));
}

async function main() {
  const database = await chooseDatabase('bench_workstation');
  console.log(`Portal database: ${database.label}`);
  const seedStarted = performance.now();
  // Its own process, as in production: the stalls measured here are the workstation's alone.
  const portal = await startPortalProcess({ ...database.options, seed: 'large' });
  console.log(
    `Large demo clinic seeded, portal process on ${portal.url} in ${ms(performance.now() - seedStarted)}`,
  );
  try {
    if (database.sql) {
      const teams = await widenTeamLeadScope(database.sql);
      console.log(
        `Team lead 'teamleder' set to lead ${teams} teams, for a scope of at least ${TEAM_LEAD_SCOPE} patients`,
      );
    } else console.log(`Team lead scope: one team only (widening it needs PostgreSQL access)`);

    const therapist = await initialSync(portal.url, 'terapeut1');
    console.log(
      `Therapist: ${therapist.patients} patients, ${therapist.status.initialSync.changesApplied} changes, ` +
        `${therapist.status.initialSync.pagesDone} pages, ${(therapist.stats.bytesReceived / 1024).toFixed(0)} KiB`,
    );
    report('therapist initial sync', ms(therapist.elapsed), '< 2000 ms', therapist.elapsed < 2000);

    console.log(`  max event-loop stall (first sync in this process, cold): ${ms(therapist.maxStallMs)}`);

    const lead = await initialSync(portal.url, 'teamleder');
    console.log(
      `Team lead: ${lead.patients} patients, ${lead.status.initialSync.changesApplied} changes, ` +
        `${lead.status.initialSync.pagesDone} pages, ${(lead.stats.bytesReceived / 1024 / 1024).toFixed(1)} MiB`,
    );
    report(
      `team lead initial sync (${lead.patients} patients)`,
      ms(lead.elapsed),
      `< 3000 ms for ${TEAM_LEAD_SCOPE} (issue 9)`,
      lead.elapsed < 3000 && lead.patients >= TEAM_LEAD_SCOPE,
    );
    const leadMiB = lead.stats.bytesReceived / 1024 / 1024;
    report(
      'team lead initial sync, bytes received (oversight data only)',
      `${leadMiB.toFixed(2)} MiB`,
      `< 5 MiB for ${TEAM_LEAD_SCOPE} (issue 9)`,
      leadMiB < 5 && lead.patients >= TEAM_LEAD_SCOPE,
    );
    report(
      'max event-loop stall during the team lead sync',
      ms(lead.maxStallMs),
      '<= 50 ms',
      lead.maxStallMs <= 50,
    );
    const commits = [...lead.store.commitMs].sort((a, b) => a - b);
    console.log(
      `  made of: cache page commits p50 ${ms(percentile(commits, 0.5))}, max ${ms(commits.at(-1) ?? 0)}, ` +
        `${commits.filter((commit) => commit > 50).length} of ${commits.length} over 50 ms; ` +
        `longest GC pause ${ms(lead.longestGcMs)}`,
    );

    const plain = await unencryptedCopy(lead.cache);
    const queue = queueQueryMedians(lead.cache, plain);
    await plain.close();
    console.log(
      `Queue query over ${queue.rows} active patients: encrypted ${ms(queue.encryptedMs)}, ` +
        `unencrypted ${ms(queue.unencryptedMs)} (medians of ${QUERY_RUNS}, alternating)`,
    );
    report('queue query, encrypted cache (warm)', ms(queue.encryptedMs), '< 20 ms', queue.encryptedMs < 20);
    const ratio = queue.encryptedMs / queue.unencryptedMs;
    report('encryption overhead on the queue query', `${ratio.toFixed(2)}x`, '<= 1.3x', ratio <= 1.3);
    await therapist.cache.close();
    await lead.cache.close();
    const coldMs = await coldQueueQuery('teamleder');
    report('queue query, encrypted cache, cold (first after opening)', ms(coldMs), '< 20 ms', coldMs < 20);

    const latencies = await messageLatency(portal.url);
    const p50 = percentile(latencies, 0.5);
    const p95 = percentile(latencies, 0.95);
    console.log(
      `Message send call -> row in the cache, with nudge, ${latencies.length} rounds: p50 ${ms(p50)}, p95 ${ms(p95)}`,
    );
    report('message in cache after the patient sends it (p95)', ms(p95), '< 1000 ms', p95 < 1000);
  } finally {
    await portal.stop();
    await database.drop();
    rmSync(workDir, { recursive: true, force: true });
  }
  console.log(`\n${verdicts.summary()}`);
}

await main();
