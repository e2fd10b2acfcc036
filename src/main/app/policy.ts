/**
 * The window's security rules as pure functions, so they are tested without Electron
 * (tests/main/app). The shell in window.ts applies them.
 */

/**
 * The renderer's Content Security Policy, the one source for both the response header (app://,
 * the dev server, the test host) and the page's meta tag (injected at build by
 * electron.vite.config.ts, through metaContentSecurityPolicy).
 *
 * `devServer` (`npm run dev` only: ELECTRON_RENDERER_URL, honoured only when the app is not
 * packaged and the URL is on loopback, launch-options.ts) relaxes it for the Vite dev server: the
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

/**
 * Directives a browser ignores in a `<meta>` policy (CSP 3, section 3.3), and reports as an
 * error in the console when it finds them there. The response header keeps them.
 */
const HEADER_ONLY_DIRECTIVES = ['frame-ancestors', 'report-uri', 'sandbox'];

/** The policy for the page's meta tag: the header's, without the directives a meta tag cannot carry. */
export function metaContentSecurityPolicy(devServer?: string): string {
  return contentSecurityPolicy(devServer)
    .split('; ')
    .filter((directive) => !HEADER_ONLY_DIRECTIVES.includes(directive.split(' ')[0] ?? ''))
    .join('; ');
}

/** Where the renderer is loaded from: the built files, or the dev server during `npm run dev`. */
export interface RendererOrigin {
  /** app://renderer/index.html, or the dev server's URL. */
  url: string;
}

/** True when `url` is a page of our own renderer, and so may stay in the window. */
export function isAppUrl(url: string, renderer: RendererOrigin): boolean {
  if (!URL.canParse(url)) return false;
  const target = new URL(url);
  const app = new URL(renderer.url);
  // Scheme, host and port. Not URL.origin: a custom scheme's origin is opaque ("null") under
  // Node's URL parser, and so would match any other custom scheme's.
  return target.protocol === app.protocol && target.host !== '' && target.host === app.host;
}

/** What the sender check needs to know about an IPC message's sender. */
export interface IpcSender {
  frameUrl: string | undefined;
  isMainFrame: boolean;
  fromOurWindow: boolean;
}

/**
 * Turns an Electron IPC event into the sender check's input (shapes as in Electron's
 * IpcMainInvokeEvent and BrowserWindow, so this runs without Electron). The frame is missing when
 * it navigated or was destroyed before the message was handled; a destroyed window's webContents
 * must not be touched.
 */
export function ipcSenderOf(
  event: { sender: unknown; senderFrame: { url: string } | null },
  window: { isDestroyed(): boolean; webContents: { mainFrame: unknown } },
): IpcSender {
  if (window.isDestroyed()) return { frameUrl: undefined, isMainFrame: false, fromOurWindow: false };
  const frame = event.senderFrame;
  return {
    frameUrl: frame?.url,
    isMainFrame: frame !== null && frame === window.webContents.mainFrame,
    fromOurWindow: event.sender === window.webContents,
  };
}

/**
 * Whether an IPC message may be answered: it must come from the main frame of our own window,
 * showing our own renderer. A child frame, or the window after a navigation we did not allow,
 * gets nothing.
 */
export function isTrustedSender(sender: IpcSender, renderer: RendererOrigin): boolean {
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

/**
 * The URL to hand to `shell.openExternal`, normalised, or null: only https links to a vetted host
 * on the default port, without credentials; never a file, a script or a custom scheme.
 */
export function vettedExternalUrl(
  url: string,
  hosts: readonly string[] = VETTED_EXTERNAL_HOSTS,
): string | null {
  if (!URL.canParse(url)) return null;
  const target = new URL(url);
  const vetted =
    target.protocol === 'https:' &&
    target.username === '' &&
    target.password === '' &&
    target.port === '' &&
    hosts.includes(target.hostname);
  return vetted ? target.href : null;
}
