import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CacheDatabase } from '../../../../../src/main/core/cache/database';
import { entityKinds, entitySpecs } from '../../../../../src/main/core/cache/entities';
import { SyncEngine, type SyncEngineOptions } from '../../../../../src/main/core/sync/engine';
import type { Mutation } from '../../../../../src/shared/contracts/sync';
import { type PortalOptions, type RunningPortal, startPortal } from '../../../../../src/portal/server';
import { openEncryptedWithHandle } from '../../cache/support/open';
import { MemoryVault } from './memory-vault';
import { RecordingStore } from './recording-store';
import { DEMO_PASSWORD } from './portal-actor';

/** Quick, deterministic retries so fault tests finish in well under a second of backoff. */
export const FAST_BACKOFF = { baseMs: 20, capMs: 200, random: () => 0.5 };

export function startDemoPortal(options: PortalOptions = {}): Promise<RunningPortal> {
  return startPortal({ port: 0, seed: 'demo', logLevel: 'silent', ...options });
}

export const credentials = (username: string) => ({ username, password: DEMO_PASSWORD });

type Step = () => Promise<unknown> | unknown;

/**
 * Collects teardown steps so every test leaves nothing running: engines and servers stop in
 * reverse order of creation, then files close and go (an engine must stop before its cache closes).
 */
export class Teardown {
  private readonly steps: Step[] = [];
  private readonly lastSteps: Step[] = [];
  add(step: Step): void {
    this.steps.push(step);
  }
  addLast(step: Step): void {
    this.lastSteps.push(step);
  }
  async run(): Promise<void> {
    for (const step of this.steps.splice(0).reverse()) await step();
    for (const step of this.lastSteps.splice(0).reverse()) await step();
  }
}

export function newEngine(teardown: Teardown, portalUrl: string, options: Partial<SyncEngineOptions> = {}) {
  const engine = new SyncEngine({ portalUrl, vault: new MemoryVault(), backoff: FAST_BACKOFF, ...options });
  teardown.add(() => engine.stop());
  return engine;
}

/**
 * A real encrypted cache in a temporary directory with a random key, wrapped so the test can see
 * what the engine applied, with the database below it (`db`) for tests that look at the file. `enqueue` queues a local change the way the workstation's commands do.
 */
export function newStore(teardown: Teardown) {
  const dir = mkdtempSync(join(tmpdir(), 'sync-cache-'));
  const { cache, db } = openEncryptedWithHandle(join(dir, 'cache.db'), randomBytes(32));
  teardown.addLast(() => rmSync(dir, { recursive: true, force: true }));
  teardown.addLast(() => cache.close());
  const enqueue = (mutation: Mutation) => {
    const payload = mutation.payload as { patientId?: string };
    cache.queueLocalChange({ mutation, patientId: payload.patientId ?? null, overlay: [] });
  };
  return { cache, db, store: new RecordingStore(cache.synced), enqueue };
}

/** Every synced record in the real cache, as `kind:id`: what the engine actually left on disk. */
export function cachedKeys(db: CacheDatabase): Set<string> {
  const keys = new Set<string>();
  for (const kind of entityKinds) {
    const rows = db.prepare(`SELECT id FROM ${entitySpecs[kind].table}`).all() as { id: string }[];
    for (const row of rows) keys.add(`${kind}:${row.id}`);
  }
  return keys;
}
