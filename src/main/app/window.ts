import { BrowserWindow, session, shell } from 'electron';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { contentSecurityPolicy, isAppUrl, isVettedExternalUrl, type RendererOrigin } from './policy';

/** Where the renderer comes from: the dev server under `npm run dev`, the built file otherwise. */
export function rendererOrigin(): RendererOrigin {
  const devServer = process.env.ELECTRON_RENDERER_URL;
  return { url: devServer ?? pathToFileURL(join(import.meta.dirname, '../renderer/index.html')).href };
}

/** Session-wide rules, set once before the first window: CSP on every response, no permissions. */
export function hardenSession(): void {
  const ses = session.defaultSession;
  const policy = contentSecurityPolicy(process.env.ELECTRON_RENDERER_URL);
  ses.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [policy] } });
  });
  // Camera, notifications, geolocation...: the workstation needs none of them.
  ses.setPermissionRequestHandler((_webContents, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
}

export function createMainWindow(renderer: RendererOrigin, title: string): BrowserWindow {
  const window = new BrowserWindow({
    width: 1280,
    height: 860,
    minWidth: 900,
    minHeight: 600,
    title,
    show: false,
    webPreferences: {
      preload: join(import.meta.dirname, '../preload/index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false,
      spellcheck: true,
    },
  });
  const contents = window.webContents;

  // The window only ever shows our renderer: every navigation elsewhere is refused, and links
  // open in the user's browser only when they point at a vetted https site.
  const refuseForeign = (event: { preventDefault(): void }, url: string) => {
    if (!isAppUrl(url, renderer)) event.preventDefault();
  };
  contents.on('will-navigate', refuseForeign);
  contents.on('will-redirect', refuseForeign);
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    if (isVettedExternalUrl(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });

  window.once('ready-to-show', () => window.show());
  void window.loadURL(renderer.url);
  return window;
}
