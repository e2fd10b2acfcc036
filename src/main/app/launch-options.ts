import { isAbsolute } from 'node:path';

/**
 * The environment switches meant for development and tests, read once at start. A shipped
 * (packaged) build honours none of them: what it loads, which origin it trusts, which portal it
 * talks to and where it keeps its data are then fixed by the build and by settings.json, never by
 * an environment variable someone else could set.
 */
export interface LaunchOptions {
  /** The Vite dev server the window shows instead of the built renderer (`npm run dev`). */
  devServer: string | null;
  /** Another profile directory (an end-to-end test, a second portal beside the default one). */
  userDataDir: string | null;
  /** The environment the core picks its portal from: without PORTAL_URL, settings.json decides. */
  coreEnv: { PORTAL_URL?: string };
  /** Switches that were set but not honoured, named for a warning. */
  ignored: string[];
}

export const DEV_SWITCHES = ['ELECTRON_RENDERER_URL', 'PORTAL_URL', 'MESTRING_USER_DATA_DIR'] as const;

export function launchOptions(env: NodeJS.ProcessEnv, isPackaged: boolean): LaunchOptions {
  const set = DEV_SWITCHES.filter((name) => env[name]?.trim());
  if (isPackaged) return { devServer: null, userDataDir: null, coreEnv: {}, ignored: set };

  const devServer = env.ELECTRON_RENDERER_URL?.trim() || null;
  const userDataDir = env.MESTRING_USER_DATA_DIR?.trim() || null;
  const honoured = {
    ELECTRON_RENDERER_URL: devServer !== null && isLoopbackUrl(devServer),
    PORTAL_URL: true, // config.ts checks it: https, or plain http to this machine only
    MESTRING_USER_DATA_DIR: userDataDir !== null && isAbsolute(userDataDir),
  };
  return {
    devServer: honoured.ELECTRON_RENDERER_URL ? devServer : null,
    userDataDir: honoured.MESTRING_USER_DATA_DIR ? userDataDir : null,
    coreEnv: env.PORTAL_URL === undefined ? {} : { PORTAL_URL: env.PORTAL_URL },
    ignored: set.filter((name) => !honoured[name]),
  };
}

/** An http(s) URL of this machine, without credentials: the only place a dev server may be. */
export function isLoopbackUrl(url: string): boolean {
  if (!URL.canParse(url)) return false;
  const { protocol, hostname, username, password } = new URL(url);
  return (
    ['http:', 'https:'].includes(protocol) &&
    username === '' &&
    password === '' &&
    // The URL parser has already turned 127.1 or 0x7f.1 into dotted decimal.
    (hostname === 'localhost' || hostname === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(hostname))
  );
}
