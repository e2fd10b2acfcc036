import { create } from 'zustand';
import type { IpcError, SyncStatusView } from '../../../shared/contracts/ipc';
import { unwrap } from '../ipc';

interface SyncStore {
  status: SyncStatusView | null;
  error: IpcError | null;
  /** True while a sync the user asked for runs, so the button cannot be pressed twice. */
  requested: boolean;
  load(): Promise<void>;
  receive(status: SyncStatusView): void;
  syncNow(): Promise<void>;
}

export const useSync = create<SyncStore>()((set, get) => ({
  status: null,
  error: null,
  requested: false,
  async load() {
    const { value, error } = await unwrap(window.api['sync.status'](), get().status);
    set({ status: value, error });
  },
  receive: (status) => set({ status, error: null }),
  async syncNow() {
    set({ requested: true });
    const { value, error } = await unwrap(window.api['sync.now'](), get().status);
    set({ status: value, error, requested: false });
  },
}));
