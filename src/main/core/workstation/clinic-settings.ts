import { ClinicStaffSettings, defaultClinicStaffSettings } from '../../../shared/contracts/admin';
import type { SessionState, SyncStatusView } from '../../../shared/contracts/ipc';
import type { Cache } from '../cache/cache';
import type { IdleLock } from './idle-lock';
import type { SyncEnginePort } from './ports';
import type { SessionController, WorkstationEvent } from './session';

/** Where the last settings the portal gave are kept: the account's encrypted cache, for offline. */
const META_KEY = 'clinic.staffSettings';
/** After sign-in, the settings are asked for again after a sync at most this often. */
export const SETTINGS_REFRESH_MS = 5 * 60_000;

/** The clinic's staff settings as last fetched into this cache; the service defaults before that. */
export function cachedStaffSettings(cache: Cache): ClinicStaffSettings {
  const stored = cache.synced.getMeta(META_KEY);
  if (stored === null) return defaultClinicStaffSettings;
  // Kept by an older version with another shape: the defaults until the next fetch.
  const parsed = ClinicStaffSettings.safeParse(parseJson(stored));
  return parsed.success ? parsed.data : defaultClinicStaffSettings;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

export interface ClinicSettingsDeps {
  engine: SyncEnginePort;
  session: SessionController;
  idle: IdleLock;
  /**
   * settings.json's `idleLockMinutes`: it may shorten the clinic's idle lock on this machine (the
   * e2e tests lock after a minute), never lengthen it past what the clinic decided.
   */
  localIdleLockMinutes?: number;
  emit(event: WorkstationEvent): void;
  /** A monotonic clock (ms); performance.now() unless given. */
  now?: () => number;
}

/**
 * The clinic's settings for its staff, applied at this workstation: the idle lock and the reply
 * deadline the team views count with. Fetched when a session opens and after a sync (at most every
 * SETTINGS_REFRESH_MS), kept in the encrypted cache so a workstation offline keeps the clinic's
 * rules. A failed fetch keeps what is cached; the next sync tries again.
 */
export class ClinicSettings {
  private readonly now: () => number;
  private fetchedAt = Number.NEGATIVE_INFINITY;
  private lastSyncAt: string | null = null;

  constructor(private readonly deps: ClinicSettingsDeps) {
    this.now = deps.now ?? (() => performance.now());
    this.applyIdleLock(defaultClinicStaffSettings);
    deps.engine.onStatus((status) => this.afterSync(status));
  }

  /**
   * Opened or unlocked: apply what the cache holds, then ask the portal. Signed out: the service
   * default until the next account's clinic is known.
   */
  sessionChanged(state: SessionState): void {
    if (state.status === 'ready') {
      this.applyCached();
      void this.refresh();
    } else if (state.status === 'signed-out') {
      this.fetchedAt = Number.NEGATIVE_INFINITY;
      this.applyIdleLock(defaultClinicStaffSettings);
    }
  }

  /** Asks the portal now and keeps its answer; nothing changes when it cannot be reached. */
  async refresh(): Promise<void> {
    if (this.deps.session.state().status !== 'ready') return;
    this.fetchedAt = this.now();
    let settings: ClinicStaffSettings;
    try {
      settings = await this.deps.engine.portalRequest(
        'GET',
        '/clinic/staff-settings',
        null,
        ClinicStaffSettings,
      );
    } catch {
      return;
    }
    const changed = this.withCache((cache) => {
      const before = cachedStaffSettings(cache);
      cache.synced.setMeta(META_KEY, JSON.stringify(settings));
      return before.replyDeadlineDays !== settings.replyDeadlineDays;
    });
    if (changed === null) return;
    this.applyIdleLock(settings);
    if (changed) this.deps.emit({ name: 'data.changed', payload: { patientIds: [], team: true } });
  }

  private afterSync(status: SyncStatusView): void {
    if (status.lastSyncAt === null || status.lastSyncAt === this.lastSyncAt) return;
    this.lastSyncAt = status.lastSyncAt;
    if (this.now() - this.fetchedAt >= SETTINGS_REFRESH_MS) void this.refresh();
  }

  private applyCached(): void {
    const settings = this.withCache(cachedStaffSettings);
    if (settings) this.applyIdleLock(settings);
  }

  private applyIdleLock(settings: ClinicStaffSettings): void {
    const local = this.deps.localIdleLockMinutes ?? Number.POSITIVE_INFINITY;
    this.deps.idle.setLimitMs(Math.min(settings.idleLockMinutes, local) * 60_000);
  }

  /**
   * Work on the open cache; null when there is none to work in now: locked, signed out, or closing
   * at quit while an answer was on its way. Never thrown: these run from timers and events.
   */
  private withCache<T>(work: (cache: Cache) => T): T | null {
    try {
      return this.deps.session.read((session) => work(session.cache));
    } catch {
      return null;
    }
  }
}
