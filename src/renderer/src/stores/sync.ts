import { create } from 'zustand';
import type { IpcError, RejectedChangeView, SyncStatusView } from '../../../shared/contracts/ipc';
import { unwrap } from '../ipc';

interface SyncStore {
  status: SyncStatusView | null;
  error: IpcError | null;
  /** True while a sync the user asked for runs, so the button cannot be pressed twice. */
  requested: boolean;
  /** How the last sync the user asked for ended, for the button's feedback; null before one. */
  outcome: 'synced' | 'failed' | null;
  /** The changes the portal refused, with its reasons; loaded when the user looks at them. */
  rejected: RejectedChangeView[];
  load(): Promise<void>;
  receive(status: SyncStatusView): void;
  syncNow(): Promise<void>;
  loadRejected(): Promise<void>;
  /** The user has seen why the portal refused a change: it leaves the list. */
  dismissRejected(mutationId: string): Promise<void>;
}

/**
 * The first full sync is still filling the cache, so a queue read now would come page by page. A
 * failed first sync shows what there is (the sync status says why it stopped).
 */
export function initialSyncRunning(status: SyncStatusView | null): boolean {
  return status !== null && status.initialSync.running && status.lastError === null;
}

/** The newer of two statuses: an IPC answer may arrive after an event that followed it. */
function newest(current: SyncStatusView | null, next: SyncStatusView | null): SyncStatusView | null {
  if (!current || !next) return next ?? current;
  return next.revision >= current.revision ? next : current;
}

export const useSync = create<SyncStore>()((set, get) => ({
  status: null,
  error: null,
  requested: false,
  outcome: null,
  rejected: [],
  async load() {
    const { value, error } = await unwrap(window.api['sync.status'](), get().status);
    set({ status: newest(get().status, value), error });
  },
  receive: (status) => set({ status: newest(get().status, status), error: null }),
  async syncNow() {
    set({ requested: true, outcome: null });
    const { value, error } = await unwrap(window.api['sync.now'](), get().status);
    const failed = error !== null || value?.lastError != null;
    set({
      status: newest(get().status, value),
      error,
      requested: false,
      outcome: failed ? 'failed' : 'synced',
    });
  },
  async loadRejected() {
    const { value, error } = await unwrap(window.api['sync.rejected'](), get().rejected);
    set({ rejected: value ?? [], error });
  },
  async dismissRejected(mutationId) {
    const result = await window.api['sync.dismissRejected']({ mutationId });
    if (!result.ok) set({ error: result.error });
    // The engine counts refused changes at the end of a cycle: one now brings the count down too.
    const [status] = await Promise.all([
      unwrap(window.api['sync.now'](), get().status),
      get().loadRejected(),
    ]);
    set({ status: newest(get().status, status.value) });
  },
}));
