import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Change } from '../../../../../src/shared/contracts/sync';
import type { SecretStore } from '../../../../../src/main/core/vault/secret-store';
import { type Workstation, createWorkstation } from '../../../../../src/main/core/workstation/workstation';
import { FakeEngine } from './fake-engine';
import { MemorySecrets } from './memory-secrets';

export const PORTAL = { kind: 'configured' as const, origin: 'https://portal.test', demo: false };

export interface Harness {
  dir: string;
  secrets: SecretStore;
  engine: FakeEngine;
  ws: Workstation;
  /** Build another workstation on the same disk and keychain (an app restart). */
  restart(): Workstation;
  /** What the portal sends: applied to the open cache through the engine's store. */
  pull(changes: Change[]): void;
  files(): string[];
  cleanup(): void;
}

export function harness(
  now: () => Date = () => new Date(),
  secrets: SecretStore = new MemorySecrets(),
): Harness {
  const dir = mkdtempSync(join(tmpdir(), 'ws-'));
  const engine = new FakeEngine();
  const make = () =>
    createWorkstation({
      engine,
      secrets,
      cacheDir: join(dir, 'cache'),
      portal: PORTAL,
      demoAccounts: [],
      app: { name: 'test', version: '0.0.0' },
      now,
    });
  let cursor = 0;
  return {
    dir,
    secrets,
    engine,
    ws: make(),
    restart: make,
    pull(changes) {
      if (!engine.store) throw new Error('not syncing');
      engine.store.applyPage(changes, `c${(cursor += 1)}`);
    },
    files() {
      try {
        return readdirSync(join(dir, 'cache'));
      } catch {
        return [];
      }
    },
    cleanup() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
