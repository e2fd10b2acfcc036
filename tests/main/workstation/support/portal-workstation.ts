import { join } from 'node:path';
import { SyncEngine } from '../../../../src/main/core/sync/engine';
import { refreshTokenVault } from '../../../../src/main/core/vault/refresh-token-vault';
import type { SecretStore } from '../../../../src/main/core/vault/secret-store';
import { type Workstation, createWorkstation } from '../../../../src/main/core/workstation/workstation';
import type { DemoAccount } from '../../../../src/portal/seed/accounts';

export interface PortalWorkstationOptions {
  portalUrl: string;
  secrets: SecretStore;
  /** The user-data directory: the cache lives in its `cache` folder. */
  dir: string;
  /** The embedded demo portal's accounts; a configured portal when absent. */
  demoAccounts?: readonly DemoAccount[];
  pullPageSize?: number;
}

/** The workstation with the real sync engine against a real portal on loopback, nudges off. */
export function portalWorkstation(options: PortalWorkstationOptions): {
  ws: Workstation;
  engine: SyncEngine;
} {
  const engine = new SyncEngine({
    portalUrl: options.portalUrl,
    vault: refreshTokenVault(options.secrets, options.portalUrl),
    nudges: false,
    ...(options.pullPageSize ? { pullPageSize: options.pullPageSize } : {}),
  });
  const ws = createWorkstation({
    engine,
    secrets: options.secrets,
    cacheDir: join(options.dir, 'cache'),
    portal: { kind: options.demoAccounts ? 'embedded-demo' : 'configured', origin: options.portalUrl },
    demoAccounts: options.demoAccounts ?? [],
    app: { name: 'test', version: '0.0.0' },
  });
  return { ws, engine };
}
