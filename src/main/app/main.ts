import type { BrowserWindow } from 'electron';
import { app, dialog } from 'electron';
import { startWorkstationRuntime, type WorkstationRuntime } from '../core/runtime';
import { profileKeychainService } from '../core/vault/keychain';
import { registerIpc, sendEvent } from './ipc';
import { createMainWindow, hardenSession, rendererOrigin } from './window';

const PRODUCT_NAME = 'Mestring Arbeidsstasjon';

/**
 * The app's lifecycle: one instance, one window, the workstation core behind IPC, and a clean
 * shutdown that closes the cache and the embedded portal before the process ends.
 */
export function runApp(): void {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  app.enableSandbox();
  // A separate profile (another clinic's portal, an end-to-end test) without touching the default one.
  const userDataDir = process.env.MESTRING_USER_DATA_DIR;
  if (userDataDir) app.setPath('userData', userDataDir);

  let runtime: WorkstationRuntime | null = null;
  let window: BrowserWindow | null = null;
  const disposers: (() => void)[] = [];

  app.on('second-instance', () => {
    if (window?.isMinimized()) window.restore();
    window?.focus();
  });

  app.on('web-contents-created', (_event, contents) => {
    // No window of ours opens another one or embeds foreign content.
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
    contents.on('will-attach-webview', (event) => event.preventDefault());
  });

  app.whenReady().then(async () => {
    hardenSession();
    try {
      runtime = await startWorkstationRuntime({
        userDataDir: app.getPath('userData'),
        app: { name: PRODUCT_NAME, version: app.getVersion() },
        keychainService: userDataDir ? profileKeychainService(userDataDir) : undefined,
      });
    } catch (error) {
      dialog.showErrorBox(PRODUCT_NAME, `The workstation could not start: ${(error as Error).message}`);
      app.exit(1);
      return;
    }
    const renderer = rendererOrigin();
    const win = createMainWindow(renderer, PRODUCT_NAME);
    window = win;
    disposers.push(registerIpc(runtime.router, win, renderer));
    disposers.push(runtime.onEvent((name, payload) => sendEvent(win, name, payload)));
    // A window regaining focus is a good moment to pull: the therapist is back at the round.
    win.on('focus', () => void runtime?.workstation.round.syncNow().catch(() => undefined));
    win.on('closed', () => (window = null));
  });

  app.on('window-all-closed', () => app.quit());

  let closing = false;
  app.on('will-quit', (event) => {
    if (closing || !runtime) return;
    event.preventDefault();
    closing = true;
    disposers.forEach((dispose) => dispose());
    void runtime.close().finally(() => app.quit());
  });
}
