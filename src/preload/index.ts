import { contextBridge, ipcRenderer } from 'electron';
import { ipcChannels, ipcEventNames, type IpcEventName, type WindowApi } from '../shared/contracts/ipc';

/**
 * Exposes exactly the IPC contract as `window.api`: one function per channel and `on` for the
 * contract's events. The page never gets ipcRenderer itself.
 */
const calls = Object.fromEntries(
  ipcChannels.map((channel) => [channel, (request?: unknown) => ipcRenderer.invoke(channel, request ?? {})]),
);

function on(event: IpcEventName, listener: (payload: unknown) => void): () => void {
  if (!ipcEventNames.includes(event)) throw new Error(`Unknown event ${String(event)}`);
  const forward = (_event: unknown, payload: unknown) => listener(payload);
  ipcRenderer.on(event, forward);
  return () => ipcRenderer.removeListener(event, forward);
}

contextBridge.exposeInMainWorld('api', { ...calls, on } as unknown as WindowApi);
