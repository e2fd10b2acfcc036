import { join } from 'node:path';
import type { IpcEventName, IpcEvents } from '../../shared/contracts/ipc';
import { createIpcHandlers, createIpcRouter, type IpcRouter } from '../ipc';
import { cacheDirOf, readSettings, resolvePortal } from './config';
import { type EmbeddedPortal, startEmbeddedPortal } from './embedded-portal';
import { portalIsDemo } from './portal-health';
import { SyncEngine } from './sync/engine';
import { createKeychainSecretStore } from './vault/keychain';
import { refreshTokenVault } from './vault/refresh-token-vault';
import { loadTemplateLibrary } from './templates/library';
import type { SecretStore } from './vault/secret-store';
import { createWorkstation, type Workstation } from './workstation/workstation';

/**
 * The composition root of the workstation's core, shared by the Electron shell and the test host
 * so both run exactly the same handlers: it picks the portal (configured, or an embedded demo
 * portal on loopback), wires the sync engine, the keychain and the cache into the workstation,
 * and puts the IPC router in front of it. Imports nothing from Electron.
 */

export const EMBEDDED_PORTAL_ORIGIN = 'http://embedded-demo.localhost';

export interface WorkstationRuntimeOptions {
  /** The app's user-data directory: settings.json and the encrypted caches live here. */
  userDataDir: string;
  /** The app's resources folder: the message templates and the programme content ship here. */
  resourcesDir: string;
  app: { name: string; version: string };
  env?: NodeJS.ProcessEnv;
  /** The OS keychain by default. */
  secrets?: SecretStore;
  /** The keychain service name for the default store; the app's own name unless given. */
  keychainService?: string;
}

export interface WorkstationRuntime {
  workstation: Workstation;
  router: IpcRouter;
  /** The embedded demo portal, when no portal is configured. */
  embeddedPortal: EmbeddedPortal | null;
  onEvent(listener: <E extends IpcEventName>(name: E, payload: IpcEvents[E]) => void): () => void;
  close(): Promise<void>;
}

export async function startWorkstationRuntime(
  options: WorkstationRuntimeOptions,
): Promise<WorkstationRuntime> {
  const choice = resolvePortal(options.userDataDir, options.env);
  const settings = readSettings(options.userDataDir);
  // Before anything starts: a refused template stops the start at once, naming the file.
  const templates = await loadTemplateLibrary({
    templatesDir: settings.templatesDir ?? join(options.resourcesDir, 'templates'),
    programmesDir: join(options.resourcesDir, 'programmes'),
  });
  // The demo portal keeps its synthetic clinic in memory, on its own thread, and starts fresh
  // each time (the cache resyncs).
  const embeddedPortal = choice.kind === 'embedded-demo' ? await startEmbeddedPortal() : null;
  const portalUrl = embeddedPortal ? embeddedPortal.url : (choice as { origin: string }).origin;
  // Keychain entries and cache files are named after the portal. The embedded one listens on a
  // new port each start, so it gets a stable name: the next start then finds the old session and
  // its cache; the fresh portal no longer knows its token, so it asks to sign in again (the demo
  // clinic's ids are the same every start) and the cache resyncs.
  const origin = embeddedPortal ? EMBEDDED_PORTAL_ORIGIN : portalUrl;
  const secrets = options.secrets ?? createKeychainSecretStore(options.keychainService);

  const engine = new SyncEngine({ portalUrl, vault: refreshTokenVault(secrets, origin) });
  const workstation = createWorkstation({
    engine,
    secrets,
    cacheDir: cacheDirOf(options.userDataDir),
    portal: {
      kind: embeddedPortal ? 'embedded-demo' : 'configured',
      origin,
      demo: embeddedPortal !== null || (await portalIsDemo(portalUrl)),
    },
    demoAccounts: embeddedPortal?.demoAccounts ?? [],
    app: options.app,
    idleLockMinutes: settings.idleLockMinutes,
    templates,
  });
  const router = createIpcRouter(createIpcHandlers(workstation));
  await workstation.session.restore();

  return {
    workstation,
    router,
    embeddedPortal,
    onEvent: (listener) => workstation.subscribe((event) => listener(event.name, event.payload)),
    async close() {
      workstation.idle.stop();
      workstation.meter.stop();
      // The time measured since the last report joins the outbox before the cache closes.
      workstation.meter.report();
      await workstation.session.shutdown();
      await embeddedPortal?.close();
    },
  };
}
