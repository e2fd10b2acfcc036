/**
 * The window's security rules as pure functions, so they are tested without Electron
 * (tests/app). The shell in window.ts applies them.
 */

/**
 * The renderer's Content Security Policy, the one source for both the response header (window.ts,
 * the test host) and the page's meta tag (injected at build by electron.vite.config.ts).
 *
 * `devServer` (`npm run dev` only, ELECTRON_RENDERER_URL) relaxes it for the Vite dev server: the
 * React refresh preamble is an inline script, Vite injects styles inline, and hot reload talks
 * over a WebSocket to the dev server. The built app never gets these.
 */
export function contentSecurityPolicy(devServer?: string): string {
  const dev = devServer ? new URL(devServer) : null;
  const inline = dev ? " 'unsafe-inline'" : '';
  const hotReload = dev ? ` ws://${dev.host}` : '';
  return [
    "default-src 'self'",
    `script-src 'self'${inline}`,
    `style-src 'self'${inline}`,
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src 'self'${hotReload}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

export const CONTENT_SECURITY_POLICY = contentSecurityPolicy();

/** Where the renderer is loaded from: the built file, or the dev server during `npm run dev`. */
export interface RendererOrigin {
  /** file:// URL of out/renderer/index.html, or the dev server's origin. */
  url: string;
}

/** True when `url` is a page of our own renderer, and so may stay in the window. */
export function isAppUrl(url: string, renderer: RendererOrigin): boolean {
  if (!URL.canParse(url)) return false;
  const target = new URL(url);
  const app = new URL(renderer.url);
  if (app.protocol === 'file:') {
    // A file URL with a host (file://evil.example/...) names a network share, never our bundle.
    return target.protocol === 'file:' && target.host === '' && target.pathname === app.pathname;
  }
  return target.origin === app.origin;
}

/**
 * Whether an IPC message may be answered: it must come from the main frame of our own window,
 * showing our own renderer. A child frame, or the window after a navigation we did not allow,
 * gets nothing.
 */
export function isTrustedSender(
  sender: { frameUrl: string | undefined; isMainFrame: boolean; fromOurWindow: boolean },
  renderer: RendererOrigin,
): boolean {
  return (
    sender.fromOurWindow && sender.isMainFrame && !!sender.frameUrl && isAppUrl(sender.frameUrl, renderer)
  );
}

/** Hosts whose pages may be opened in the user's browser (help pages, the clinic's own site). */
export const VETTED_EXTERNAL_HOSTS = [
  'helsenorge.no',
  'www.helsenorge.no',
  'www.helsedirektoratet.no',
] as const;

/** `shell.openExternal` only for https links to vetted hosts, never a file, a script or a custom scheme. */
export function isVettedExternalUrl(url: string, hosts: readonly string[] = VETTED_EXTERNAL_HOSTS): boolean {
  if (!URL.canParse(url)) return false;
  const target = new URL(url);
  return target.protocol === 'https:' && target.username === '' && hosts.includes(target.hostname);
}
