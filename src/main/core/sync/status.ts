import type { SyncStatusView } from '../../../shared/contracts/ipc';

export type StatusListener = (status: SyncStatusView) => void;

export const INITIAL_STATUS: SyncStatusView = {
  revision: 0,
  running: false,
  syncing: false,
  live: false,
  online: null,
  lastSyncAt: null,
  pending: 0,
  rejected: 0,
  lastError: null,
  initialSync: { running: false, pagesDone: 0, changesApplied: 0 },
};

/** Holds the current status and tells listeners about every change. */
export class StatusBoard {
  private current: SyncStatusView = INITIAL_STATUS;
  private readonly listeners = new Set<StatusListener>();

  get(): SyncStatusView {
    return this.current;
  }

  update(patch: Partial<SyncStatusView>): void {
    this.current = { ...this.current, ...patch, revision: this.current.revision + 1 };
    for (const listener of this.listeners) listener(this.current);
  }

  subscribe(listener: StatusListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
