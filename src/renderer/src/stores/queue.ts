import { create } from 'zustand';
import type { IpcError, QueueView } from '../../../shared/contracts/ipc';
import { unwrap } from '../ipc';

interface QueueStore {
  queue: QueueView | null;
  error: IpcError | null;
  load(): Promise<void>;
  clear(): void;
}

/**
 * Numbers each load and clear, so only the newest answer lands: an older, slower load never
 * overwrites a newer one, and a load still in flight when the session locks never brings the
 * patients back.
 */
let generation = 0;

export const useQueue = create<QueueStore>()((set, get) => ({
  queue: null,
  error: null,
  async load() {
    const mine = ++generation;
    const { value, error } = await unwrap(window.api['queue.get'](), get().queue);
    if (mine === generation) set({ queue: value, error });
  },
  // Patient data leaves memory as soon as the session is no longer ready.
  clear() {
    generation++;
    set({ queue: null, error: null });
  },
}));
