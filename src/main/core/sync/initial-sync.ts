import type { SyncStore } from './store';

const KEYS = {
  complete: 'sync.initial.complete',
  pagesDone: 'sync.initial.pagesDone',
  changesApplied: 'sync.initial.changesApplied',
} as const;

export interface InitialSyncSnapshot {
  running: boolean;
  pagesDone: number;
  changesApplied: number;
}

/**
 * Progress of the first full pull, kept in the store's meta so that after a restart the progress
 * bar continues where it stopped. The cursor itself commits with each page (applyPage), so the
 * resumption is exact; these counters are for display.
 */
export class InitialSyncProgress {
  constructor(private readonly store: SyncStore) {}

  get complete(): boolean {
    return this.store.getMeta(KEYS.complete) === 'yes';
  }

  /** `running` stays true from the first page until the last, across retries and restarts. */
  snapshot(): InitialSyncSnapshot {
    return {
      running: !this.complete,
      pagesDone: this.count(KEYS.pagesDone),
      changesApplied: this.count(KEYS.changesApplied),
    };
  }

  recordPage(changes: number): void {
    if (this.complete) return;
    this.store.setMeta(KEYS.pagesDone, String(this.count(KEYS.pagesDone) + 1));
    this.store.setMeta(KEYS.changesApplied, String(this.count(KEYS.changesApplied) + changes));
  }

  markComplete(): void {
    if (!this.complete) this.store.setMeta(KEYS.complete, 'yes');
  }

  /** A resync rebuilds from nothing: it is an initial sync again. */
  restart(): void {
    for (const key of Object.values(KEYS)) this.store.setMeta(key, null);
  }

  private count(key: string): number {
    return Number(this.store.getMeta(key) ?? 0);
  }
}
