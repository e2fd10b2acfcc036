import type { LoginRequest, Principal } from '../../../shared/contracts/auth';
import { isCacheCorruption } from '../cache/errors';
import { type BackoffPolicy, DEFAULT_BACKOFF, backoffDelay } from './backoff';
import { type SyncFailure, endsSession, toSyncFailure } from './errors';
import { type PortalClient, type RefreshTokenVault, type TransferStats, createPortalClient } from './http';
import { InitialSyncProgress } from './initial-sync';
import { NudgeListener } from './nudges';
import { pullToHead } from './puller';
import { pushOutbox } from './pusher';
import { singleFlight } from './single-flight';
import type { SyncStatusView } from '../../../shared/contracts/ipc';
import { StatusBoard, type StatusListener } from './status';
import type { SyncStore } from './store';

export interface SyncEngineOptions {
  /** The portal's origin. */
  portalUrl: string;
  /** Keeps the refresh token between runs (the OS keychain). */
  vault: RefreshTokenVault;
  /** Changes per pull page: each commits in one transaction, so this bounds the longest commit. */
  pullPageSize?: number;
  /** Delta pull when nothing else triggered one. */
  pollIntervalMs?: number;
  /** Retry spacing after a failed cycle and for the nudge stream. */
  backoff?: BackoffPolicy;
  /** Listen to the portal's nudge stream (on by default). */
  nudges?: boolean;
  requestTimeoutMs?: number;
  /** This computer's clock, only for the informational lastSyncAt. */
  now?: () => Date;
}

/** Changes asked for per pull page; the cache applies a page in chunks of APPLY_CHUNK_SIZE (100). */
const DEFAULT_PAGE_SIZE = 250;
const DEFAULT_POLL_MS = 60_000;

/**
 * The workstation's side of the sync contract. Sign in, then start(store) with the account's
 * cache: it pushes the outbox and pulls to the head on start, on each portal nudge, on a timer
 * and on syncNow(), one cycle at a time, backing off while the portal is unreachable.
 */
export class SyncEngine {
  private readonly client: PortalClient;
  private readonly board = new StatusBoard();
  private readonly sessionEndedListeners = new Set<(failure: SyncFailure) => void>();
  private readonly damagedListeners = new Set<() => void>();
  private readonly runCycle = singleFlight(() =>
    this.cycle().catch((error: unknown) => this.cycleCrashed(error)),
  );
  private readonly nudges: NudgeListener | null;
  private readonly pageSize: number;
  private readonly pollIntervalMs: number;
  private readonly backoff: BackoffPolicy;
  private readonly now: () => Date;
  private store: SyncStore | null = null;
  private progress: InitialSyncProgress | null = null;
  private abort: AbortController | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private consecutiveFailures = 0;
  /** The portal session ended (expired or revoked): listeners are told once until the next sign-in. */
  private sessionEnded = false;

  constructor(options: SyncEngineOptions) {
    this.client = createPortalClient({
      baseUrl: options.portalUrl,
      vault: options.vault,
      timeoutMs: options.requestTimeoutMs,
      onSessionEnded: (failure) => this.handleSessionEnded(failure),
    });
    this.pageSize = options.pullPageSize ?? DEFAULT_PAGE_SIZE;
    this.pollIntervalMs = options.pollIntervalMs ?? DEFAULT_POLL_MS;
    this.backoff = options.backoff ?? DEFAULT_BACKOFF;
    this.now = options.now ?? (() => new Date());
    this.nudges =
      options.nudges === false
        ? null
        : new NudgeListener({
            client: this.client,
            backoff: this.backoff,
            onNudge: () => void this.runCycle(),
            onSessionEnded: (failure) => this.handleSessionEnded(failure),
            onLiveChange: (live) => this.board.update({ live }),
          });
  }

  /** Sign in with portal credentials. Tokens stay in this process and the vault. */
  async signIn(credentials: LoginRequest): Promise<Principal> {
    const principal = await this.client.login(credentials);
    this.sessionEnded = false;
    return principal;
  }

  /** Continue the session kept in the vault after a restart; null when there is none. */
  async resumeSession(): Promise<Principal | null> {
    const principal = await this.client.resume();
    if (principal) this.sessionEnded = false;
    return principal;
  }

  /** Stop syncing and end the session at the portal. The caller then wipes the cache and its key. */
  async signOut(): Promise<void> {
    await this.stop();
    await this.client.logout();
  }

  /** Begin syncing into this account's cache: a cycle now, then on nudges, timer and syncNow(). */
  start(store: SyncStore): void {
    if (this.store) throw new Error('The sync engine is already running');
    this.store = store;
    this.progress = new InitialSyncProgress(store);
    this.abort = new AbortController();
    this.consecutiveFailures = 0;
    this.board.update({ running: true, ...this.storeCounts() });
    this.nudges?.start();
    void this.runCycle();
  }

  /** Stop timers and the nudge stream and wait for a running cycle to end; the store can then close. */
  async stop(): Promise<void> {
    if (!this.store) return;
    this.abort?.abort();
    this.nudges?.stop();
    this.clearTimer();
    this.store = null;
    // With the store gone a new run is a no-op, so this resolves once the running cycle has ended.
    await this.runCycle().catch(() => undefined);
    this.progress = null;
    this.board.update({ running: false, syncing: false });
  }

  /** Push and pull now (window focus, the user's button). Resolves with the status after it. */
  async syncNow(): Promise<SyncStatusView> {
    await this.runCycle();
    return this.board.get();
  }

  /**
   * The outbox changed locally (a message was queued): count it and send it now. A cycle always
   * pushes before it pulls, so this is a whole cycle.
   */
  outboxChanged(): Promise<SyncStatusView> {
    if (this.store) this.board.update(this.storeCounts());
    return this.syncNow();
  }

  status(): SyncStatusView {
    return this.board.get();
  }

  onStatus(listener: StatusListener): () => void {
    return this.board.subscribe(listener);
  }

  /**
   * The portal refused the refresh token: 'expired' (the caller asks for the password again) or
   * 'revoked' (the caller puts the unsent changes before the user). Syncing has stopped either way.
   */
  onSessionEnded(listener: (failure: SyncFailure) => void): () => void {
    this.sessionEndedListeners.add(listener);
    return () => this.sessionEndedListeners.delete(listener);
  }

  /** SQLite reported the store's file damaged during a cycle: the caller checks and rebuilds it. */
  onStoreDamaged(listener: () => void): () => void {
    this.damagedListeners.add(listener);
    return () => this.damagedListeners.delete(listener);
  }

  /** The portal's time by this computer's clock corrected with the offset learned from its answers. */
  serverNow(): Date {
    return new Date(Date.now() + this.client.serverClockOffsetMs());
  }

  readonly portalRequest: PortalClient['request'] = (method, path, body, schema) =>
    this.client.request(method, path, body, schema);

  portalUrlOf(path: string): string {
    return this.client.urlOf(path);
  }

  transferStats(): TransferStats {
    return this.client.transferStats();
  }

  private async cycle(): Promise<void> {
    const store = this.store;
    const progress = this.progress;
    const signal = this.abort?.signal;
    if (!store || !progress || !signal) return;
    this.clearTimer();
    this.board.update({ syncing: true, initialSync: progress.snapshot() });
    let failure: SyncFailure | null = null;
    try {
      await pushOutbox(this.client, store, signal);
    } catch (error) {
      // A damaged store is no sync failure to retry: it ends the cycle (cycleCrashed).
      if (isCacheCorruption(error)) throw error;
      failure = toSyncFailure(error);
    }
    // A push the portal failed on must not hold back risk flags: still pull, unless unreachable.
    if (!signal.aborted && failure?.kind !== 'offline' && !(failure && endsSession(failure))) {
      try {
        await this.pull(store, progress, signal);
      } catch (error) {
        if (isCacheCorruption(error)) throw error;
        failure ??= toSyncFailure(error);
      }
    }
    if (signal.aborted) return;
    this.finishCycle(store, progress, failure);
  }

  private async pull(store: SyncStore, progress: InitialSyncProgress, signal: AbortSignal): Promise<void> {
    await pullToHead(this.client, store, this.pageSize, signal, {
      onPage: (changes) => {
        progress.recordPage(changes.length);
        this.board.update({ online: true, initialSync: progress.snapshot() });
      },
      onResync: () => {
        progress.restart();
        this.board.update({ initialSync: progress.snapshot() });
      },
    });
    progress.markComplete();
  }

  private finishCycle(store: SyncStore, progress: InitialSyncProgress, failure: SyncFailure | null): void {
    if (failure && endsSession(failure)) {
      this.handleSessionEnded(failure);
      return;
    }
    this.consecutiveFailures = failure ? this.consecutiveFailures + 1 : 0;
    this.board.update({
      syncing: false,
      online: failure?.kind !== 'offline',
      lastError: failure ? { code: failure.code, message: failure.message } : null,
      ...(failure ? {} : { lastSyncAt: this.now().toISOString() }),
      initialSync: progress.snapshot(),
      ...this.storeCounts(store),
    });
    const delay = failure ? backoffDelay(this.consecutiveFailures, this.backoff) : this.pollIntervalMs;
    this.timer = setTimeout(() => void this.runCycle(), delay);
  }

  /**
   * The store itself failed (closed, corrupt): retrying will not help. Shown, never thrown into a
   * timer or nudge callback; a damaged file is reported to onStoreDamaged listeners.
   */
  private cycleCrashed(error: unknown): void {
    const failure = toSyncFailure(error);
    this.board.update({ syncing: false, lastError: { code: failure.code, message: failure.message } });
    if (isCacheCorruption(error)) for (const listener of this.damagedListeners) listener();
  }

  /** Reached from the HTTP layer, the nudge stream and a failed cycle alike: tell listeners once. */
  private handleSessionEnded(failure: SyncFailure): void {
    if (this.sessionEnded) return;
    this.sessionEnded = true;
    void this.stop();
    const code = failure.kind === 'expired' ? 'session-expired' : 'revoked';
    this.board.update({ lastError: { code, message: failure.message } });
    for (const listener of this.sessionEndedListeners) listener(failure);
  }

  private storeCounts(store = this.store): Pick<SyncStatusView, 'pending' | 'rejected'> {
    if (!store) return { pending: 0, rejected: 0 };
    return {
      pending: store.pendingCount(),
      rejected: store.rejectedMutations().length,
    };
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
