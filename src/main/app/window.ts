import { BrowserWindow, session, shell } from 'electron';
import { join } from 'node:path';
import { serveRenderer } from './app-protocol';
import { contentSecurityPolicy, isAppUrl, vettedExternalUrl, type RendererOrigin } from './policy';
import { BUILT_RENDERER_URL } from './renderer-files';

/** Where the renderer comes from: the dev server under `npm run dev`, the built files otherwise. */
export function rendererOrigin(devServer: string | null): RendererOrigin {
  return { url: devServer ?? BUILT_RENDERER_URL };
}

/**
 * Session-wide rules, set once before the first window: the built renderer on app://, the CSP on
 * every other response too (the dev server's), no permissions.
 */
export function hardenSession(devServer: string | null): void {
  const ses = session.defaultSession;
  serveRenderer(ses, join(import.meta.dirname, '../renderer'));
  const policy = contentSecurityPolicy(devServer ?? undefined);
  ses.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [policy] } });
  });
  // Camera, notifications, geolocation...: the workstation needs none of them.
  ses.setPermissionRequestHandler((_webContents, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
}

export function createMainWindow(
  renderer: RendererOrigin,
  options: { title: string; devTools: boolean },
): BrowserWindow {
  const window = new BrowserWindow({
    width: 1280,
    height: 860,
    minWidth: 900,
    minHeight: 600,
    title: options.title,
    show: false,
    webPreferences: {
      preload: join(import.meta.dirname, '../preload/index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false,
      spellcheck: true,
      devTools: options.devTools,
    },
  });
  const contents = window.webContents;

  // The window only ever shows our renderer: every navigation elsewhere, of the page or of any
  // frame in it, is refused, and links open in the user's browser only when they point at a
  // vetted https site.
  const refuseForeign = (event: { preventDefault(): void }, url: string) => {
    if (!isAppUrl(url, renderer)) event.preventDefault();
  };
  contents.on('will-navigate', refuseForeign);
  contents.on('will-frame-navigate', (event) => refuseForeign(event, event.url));
  contents.on('will-redirect', refuseForeign);
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    const external = vettedExternalUrl(url);
    if (external) void shell.openExternal(external);
    return { action: 'deny' };
  });

  window.once('ready-to-show', () => window.show());
  void window.loadURL(renderer.url);
  return window;
}
