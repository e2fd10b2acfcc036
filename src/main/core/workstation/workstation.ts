import type { AppInfo, DemoAccountView, PortalInfo } from '../../../shared/contracts/ipc';
import type { TemplateLibrary } from '../../../shared/templates';
import type { SecretStore } from '../vault/secret-store';
import { AdminService } from './admin';
import type { SyncEnginePort } from './ports';
import { defaultClinicStaffSettings } from '../../../shared/contracts/admin';
import { ClinicSettings } from './clinic-settings';
import { IdleLock } from './idle-lock';
import { Round } from './round';
import { SessionController, type WorkstationEvent } from './session';
import { TimeMeter } from './time-meter';

export type { WorkstationEvent } from './session';

export interface WorkstationDeps {
  engine: SyncEnginePort;
  /** The OS keychain in the app (createKeychainSecretStore). */
  secrets: SecretStore;
  /** Where the encrypted cache files live (inside the app's user-data directory). */
  cacheDir: string;
  portal: PortalInfo;
  /** Listed on the sign-in screen; empty unless the embedded demo portal runs. */
  demoAccounts: readonly DemoAccountView[];
  app: { name: string; version: string };
  /** The engine's server-corrected time unless given (tests). */
  now?: () => Date;
  /**
   * settings.json's `idleLockMinutes`: locks sooner than the clinic's idle lock on this machine
   * (tests, a shared office), never later.
   */
  idleLockMinutes?: number;
  /** The monotonic clock the idle lock and the time meter measure with; performance.now() unless given. */
  clock?: () => number;
  /** The clinic's message templates, read at start (templates/library.ts); none unless given. */
  templates?: TemplateLibrary;
}

/**
 * The workstation's core as the UI sees it: the session (session.ts) and the round's queries and
 * actions (round.ts), with one stream of events for the page. The IPC handlers
 * (src/main/ipc/handlers.ts) call nothing else. Runs under plain Node.
 */
export interface Workstation {
  session: SessionController;
  round: Round;
  /** Told of the user's activity; locks the session after the idle time. */
  idle: IdleLock;
  /** Measures the user's active time per patient (which patient is shown, focus, input). */
  meter: TimeMeter;
  /** The user is at work (a key, a click, an action): holds off the lock, counts towards time. */
  activity(): void;
  /** The administrator's screens and the referral, over the portal session. */
  admin: AdminService;
  /** The clinic's staff settings, fetched and applied (idle lock, reply deadline). */
  clinicSettings: ClinicSettings;
  appInfo(): AppInfo;
  /** The message templates and module titles: clinic content, no patient data. */
  templates(): TemplateLibrary;
  subscribe(listener: (event: WorkstationEvent) => void): () => void;
}

export function createWorkstation(deps: WorkstationDeps): Workstation {
  const listeners = new Set<(event: WorkstationEvent) => void>();
  let clinicSettings: ClinicSettings | null = null;
  const emit = (event: WorkstationEvent) => {
    if (event.name === 'session.changed') clinicSettings?.sessionChanged(event.payload);
    for (const listener of listeners) listener(event);
  };
  // The clinic's time, not this computer's: a clock set hours wrong must not move the week.
  const now = deps.now ?? (() => deps.engine.serverNow());
  const session = new SessionController({ ...deps, now, emit });
  const idle = new IdleLock({
    limitMs: defaultClinicStaffSettings.idleLockMinutes * 60_000,
    lock: () => session.lock(),
    now: deps.clock,
  });
  clinicSettings = new ClinicSettings({
    engine: deps.engine,
    session,
    idle,
    localIdleLockMinutes: deps.idleLockMinutes,
    emit,
  });
  const activity = () => {
    idle.activity();
    meter.input();
  };
  const round = new Round({ session, engine: deps.engine, now, emit, activity });
  const meter = new TimeMeter({ clock: deps.clock, now, record: (times) => round.recordTime(times) });
  deps.engine.onStatus((status) => emit({ name: 'sync.status', payload: status }));
  // Locked or signed out, no patient is in view: the time so far is reported (or kept until unlock).
  listeners.add((event) => {
    if (event.name !== 'session.changed') return;
    meter.sessionOpen(event.payload.status === 'ready');
    if (event.payload.status === 'signed-out') meter.forget();
  });
  idle.start();
  meter.start();
  return {
    session,
    round,
    idle,
    meter,
    activity,
    admin: new AdminService({ engine: deps.engine, session }),
    clinicSettings,
    appInfo: () => ({ ...deps.app, portal: deps.portal }),
    templates: () => deps.templates ?? { templates: [], modules: [] },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
