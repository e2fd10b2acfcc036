/** What the UI shows about sync. Codes and counts only: never patient data. */
export interface SyncStatus {
  /** Signed in and running (start() called, stop() not). */
  running: boolean;
  /** A sync cycle is in progress right now. */
  syncing: boolean;
  /** The nudge stream is connected: portal changes arrive within seconds, not at the next timer. */
  live: boolean;
  /** Whether the portal answered the last request; null until the first attempt. */
  online: boolean | null;
  /**
   * When the last cycle completed, by this computer's clock. Informational only (shown as
   * "synced 2 min ago"); it is never sent to the portal nor used to order anything.
   */
  lastSyncAt: string | null;
  /** Mutations waiting in the outbox. */
  pending: number;
  /** Mutations the portal refused, kept for the user to see. */
  rejected: number;
  lastError: { code: string; message: string } | null;
  initialSync: { running: boolean; pagesDone: number; changesApplied: number };
}

export type StatusListener = (status: SyncStatus) => void;

export const INITIAL_STATUS: SyncStatus = {
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
  private current: SyncStatus = INITIAL_STATUS;
  private readonly listeners = new Set<StatusListener>();

  get(): SyncStatus {
    return this.current;
  }

  update(patch: Partial<SyncStatus>): void {
    this.current = { ...this.current, ...patch };
    for (const listener of this.listeners) listener(this.current);
  }

  subscribe(listener: StatusListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
