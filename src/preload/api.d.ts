import type { WindowApi } from '../shared/contracts/ipc';

declare global {
  interface Window {
    /** The IPC contract, exposed by the preload script (or the test host's bridge). */
    readonly api: WindowApi;
  }
}

export {};
