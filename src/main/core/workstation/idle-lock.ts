const CHECK_EVERY_MS = 15_000;

export interface IdleLockOptions {
  /** No activity for this long locks the session. */
  limitMs: number;
  lock(): void;
  /** A monotonic clock (ms); performance.now() unless given. */
  now?: () => number;
  checkEveryMs?: number;
}

/**
 * Locks the session after a stretch without activity (a key, a click, an action), so a screen
 * left open in a shared office shows no patient data for long. The page reports activity; the
 * decision stays here, in the main process.
 */
export class IdleLock {
  private readonly now: () => number;
  private lastActivity: number;
  private limitMs: number;
  private timer: ReturnType<typeof setInterval> | null = null;

  constructor(private readonly options: IdleLockOptions) {
    this.now = options.now ?? (() => performance.now());
    this.limitMs = options.limitMs;
    this.lastActivity = this.now();
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => this.check(), this.options.checkEveryMs ?? CHECK_EVERY_MS);
    this.timer.unref?.();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** How long without activity locks the session now. */
  get limit(): number {
    return this.limitMs;
  }

  /** The clinic's setting arrived (clinic-settings.ts): counted from the last activity as before. */
  setLimitMs(limitMs: number): void {
    this.limitMs = limitMs;
  }

  activity(): void {
    this.lastActivity = this.now();
  }

  /** Locks once the limit has passed since the last activity (locking an unlocked session only). */
  check(): void {
    if (this.now() - this.lastActivity >= this.limitMs) {
      this.options.lock();
      this.lastActivity = this.now();
    }
  }
}
