import type { BrowserWindow } from 'electron';
import { app, dialog, Menu, powerMonitor } from 'electron';
import { join } from 'node:path';
import { startWorkstationRuntime, type WorkstationRuntime } from '../core/runtime';
import { profileKeychainService } from '../core/vault/keychain';
import { registerAppScheme } from './app-protocol';
import { registerIpc, sendEvent } from './ipc';
import { launchOptions } from './launch-options';
import { applicationMenu } from './menu';
import { lockOnSystemEvents } from './system-lock';
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
  registerAppScheme();
  // Development switches (dev server, portal, profile directory) count only in a development run.
  const launch = launchOptions(process.env, app.isPackaged);
  if (launch.ignored.length > 0) console.warn(`Ignored in this build: ${launch.ignored.join(', ')}`);
  if (launch.userDataDir) app.setPath('userData', launch.userDataDir);

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
    hardenSession(launch.devServer);
    Menu.setApplicationMenu(
      Menu.buildFromTemplate(
        applicationMenu({ platform: process.platform, developerTools: !app.isPackaged }),
      ),
    );
    try {
      runtime = await startWorkstationRuntime({
        userDataDir: app.getPath('userData'),
        // The package root: the project in a development run, the asar archive when packaged.
        resourcesDir: join(app.getAppPath(), 'resources'),
        app: { name: PRODUCT_NAME, version: app.getVersion() },
        env: launch.coreEnv,
        keychainService: launch.userDataDir ? profileKeychainService(launch.userDataDir) : undefined,
      });
    } catch (error) {
      dialog.showErrorBox(PRODUCT_NAME, `The workstation could not start: ${(error as Error).message}`);
      app.exit(1);
      return;
    }
    const workstation = runtime.workstation;
    const renderer = rendererOrigin(launch.devServer);
    const win = createMainWindow(renderer, { title: PRODUCT_NAME, devTools: !app.isPackaged });
    window = win;
    disposers.push(registerIpc(runtime.router, win, renderer));
    disposers.push(runtime.onEvent((name, payload) => sendEvent(win, name, payload)));
    disposers.push(lockOnSystemEvents(powerMonitor, () => workstation.session.lock()));
    // A window regaining focus is a good moment to pull: the therapist is back at the round.
    win.on('focus', () => void workstation.round.syncNow().catch(() => undefined));
    // Time on a patient counts only while the window has focus.
    win.on('focus', () => workstation.meter.focus(true));
    win.on('blur', () => workstation.meter.focus(false));
    workstation.meter.focus(win.isFocused());
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
