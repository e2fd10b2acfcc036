import { join } from 'node:path';
import { SyncEngine, type SyncEngineOptions } from '../../../../../src/main/core/sync/engine';
import { refreshTokenVault } from '../../../../../src/main/core/vault/refresh-token-vault';
import type { SecretStore } from '../../../../../src/main/core/vault/secret-store';
import { type Workstation, createWorkstation } from '../../../../../src/main/core/workstation/workstation';
import type { DemoAccount } from '../../../../../src/portal/seed/accounts';

export interface PortalWorkstationOptions {
  portalUrl: string;
  secrets: SecretStore;
  /** The user-data directory: the cache lives in its `cache` folder. */
  dir: string;
  /** The embedded demo portal's accounts; a configured portal when absent. */
  demoAccounts?: readonly DemoAccount[];
  pullPageSize?: number;
  /** Listen to the portal's nudge stream (off by default, so tests decide when to sync). */
  nudges?: boolean;
  /** A long poll interval keeps the timer from syncing behind a test's back. */
  pollIntervalMs?: number;
  backoff?: SyncEngineOptions['backoff'];
  /** The monotonic clock the idle lock and the time meter measure with. */
  clock?: () => number;
}

/** The workstation with the real sync engine against a real portal on loopback, nudges off by default. */
export function portalWorkstation(options: PortalWorkstationOptions): {
  ws: Workstation;
  engine: SyncEngine;
} {
  const engine = new SyncEngine({
    portalUrl: options.portalUrl,
    vault: refreshTokenVault(options.secrets, options.portalUrl),
    nudges: options.nudges ?? false,
    ...(options.pullPageSize ? { pullPageSize: options.pullPageSize } : {}),
    ...(options.pollIntervalMs ? { pollIntervalMs: options.pollIntervalMs } : {}),
    ...(options.backoff ? { backoff: options.backoff } : {}),
  });
  const ws = createWorkstation({
    engine,
    secrets: options.secrets,
    cacheDir: join(options.dir, 'cache'),
    portal: {
      kind: options.demoAccounts ? 'embedded-demo' : 'configured',
      origin: options.portalUrl,
      demo: options.demoAccounts !== undefined,
    },
    demoAccounts: options.demoAccounts ?? [],
    app: { name: 'test', version: '0.0.0' },
    ...(options.clock ? { clock: options.clock } : {}),
  });
  return { ws, engine };
}
