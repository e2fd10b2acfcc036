import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import { ipcChannels, type IpcEventName, type IpcEvents } from '../../shared/contracts/ipc';
import type { IpcRouter } from '../ipc';
import { ipcSenderOf, isTrustedSender, type RendererOrigin } from './policy';

/**
 * Carries the IPC contract between the window and the router. Every call is checked for its
 * sender (our window's main frame, showing our renderer) before the router validates the payload.
 */
export function registerIpc(router: IpcRouter, window: BrowserWindow, renderer: RendererOrigin): () => void {
  const trusted = (event: IpcMainInvokeEvent) => isTrustedSender(ipcSenderOf(event, window), renderer);

  for (const channel of ipcChannels) {
    ipcMain.handle(channel, (event, payload: unknown) => {
      if (!trusted(event)) {
        return {
          ok: false,
          error: { code: 'forbidden-sender', message: 'This window may not call the workstation' },
        };
      }
      return router.invoke(channel, payload);
    });
  }
  return () => ipcChannels.forEach((channel) => ipcMain.removeHandler(channel));
}

export function sendEvent<E extends IpcEventName>(
  window: BrowserWindow,
  name: E,
  payload: IpcEvents[E],
): void {
  if (!window.isDestroyed()) window.webContents.send(name, payload);
}
