import { randomBytes } from 'node:crypto';
import keytar from 'keytar';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import { CONTENT_SECURITY_POLICY } from '../../src/main/app/policy';
import { resolveRendererFile } from '../../src/main/app/renderer-files';
import { SETTINGS_FILE, type Settings } from '../../src/main/core/config';
import { startWorkstationRuntime, type WorkstationRuntime } from '../../src/main/core/runtime';
import type { BridgeMessage, BridgeRequest } from './protocol';

/**
 * The test-only host: the real workstation core (the same composition root and IPC router the
 * Electron shell uses) under plain Node, the built renderer served on loopback, and the IPC
 * contract carried over a WebSocket. The socket takes one connection, from our own origin,
 * presenting a one-time token. This file is never part of the app bundle.
 */

export const BRIDGE_PATH = '/__ipc';
export const TEST_KEYCHAIN_SERVICE = 'no.emestring.workstation.test-host';

export interface TestHost {
  url: string;
  /** Valid for one WebSocket connection. */
  token: string;
  /**
   * A new one-time token, replacing any unused one: another page can connect (a benchmark that
   * loads the window again while the core keeps its session).
   */
  issueToken(): string;
  runtime: WorkstationRuntime;
  close(): Promise<void>;
}

/** Deletes every keychain entry of the host's service; without a keychain there is nothing to delete. */
async function forgetLeftoverSessions(): Promise<void> {
  let found: { account: string }[];
  try {
    found = await keytar.findCredentials(TEST_KEYCHAIN_SERVICE);
  } catch {
    return;
  }
  for (const { account } of found) await keytar.deletePassword(TEST_KEYCHAIN_SERVICE, account);
}

export async function startTestHost(
  options: {
    rendererDir?: string;
    env?: NodeJS.ProcessEnv;
    /** The user's settings.json, as the app reads it at start (e.g. a short idle lock). */
    settings?: Settings;
    /**
     * The app's data folder, for a spec that restarts the app: the host keeps it, and the session
     * in the keychain, when it closes, so the next host on it starts as the app does after a quit.
     */
    userDataDir?: string;
  } = {},
): Promise<TestHost> {
  const rendererDir = resolve(options.rendererDir ?? 'out/renderer');
  const restart = options.userDataDir !== undefined;
  const userDataDir = options.userDataDir ?? (await mkdtemp(join(tmpdir(), 'workstation-host-')));
  if (options.settings) await writeFile(join(userDataDir, SETTINGS_FILE), JSON.stringify(options.settings));
  // Every new host starts signed out, as on a new machine: a session an earlier run left in the
  // keychain would otherwise open locked, asking to sign in again (its cache folder is gone).
  if (!restart) await forgetLeftoverSessions();
  const runtime = await startWorkstationRuntime({
    userDataDir,
    resourcesDir: resolve('resources'),
    app: { name: 'Mestring Arbeidsstasjon', version: 'test-host' },
    env: { ...options.env, PORTAL_URL: options.env?.PORTAL_URL ?? '' },
    // Never the app's own keychain entries: a service name of the host's own.
    keychainService: TEST_KEYCHAIN_SERVICE,
  });

  // The host has no window to gain or lose focus: its page counts as the focused window.
  runtime.workstation.meter.focus(true);
  const server = createServer((req, res) => void serveStatic(rendererDir, req, res));
  const sockets = new WebSocketServer({ noServer: true });
  let token: string | null = randomBytes(32).toString('hex');
  const issuedToken = token;

  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const ownOrigin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const accepted =
      url.pathname === BRIDGE_PATH &&
      token !== null &&
      url.searchParams.get('token') === token &&
      req.headers.origin === ownOrigin;
    if (!accepted) {
      socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
      return;
    }
    token = null; // one connection per token
    sockets.handleUpgrade(req, socket, head, (ws) => bridge(ws, runtime));
  });

  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    token: issuedToken,
    issueToken: () => (token = randomBytes(32).toString('hex')),
    runtime,
    async close() {
      for (const ws of sockets.clients) ws.terminate();
      sockets.close();
      server.closeAllConnections();
      await new Promise<void>((done) => server.close(() => done()));
      await runtime.close();
      if (!restart) await rm(userDataDir, { recursive: true, force: true });
    },
  };
}

/** One renderer page: its calls go to the router, the core's events come back. */
function bridge(ws: WebSocket, runtime: WorkstationRuntime): void {
  const send = (message: BridgeMessage) => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message));
  };
  const unsubscribe = runtime.onEvent((event, payload) => send({ kind: 'event', event, payload }));
  ws.on('close', unsubscribe);
  ws.on('message', (data) => {
    let request: BridgeRequest;
    try {
      request = JSON.parse(String(data)) as BridgeRequest;
    } catch {
      return;
    }
    if (typeof request?.id !== 'number' || typeof request.channel !== 'string') return;
    void runtime.router
      .invoke(request.channel, request.payload)
      .then((result) => send({ kind: 'result', id: request.id, result }));
  });
}

/** The built renderer, as the app's app:// protocol serves it (the same file resolution). */
async function serveStatic(root: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const file =
    req.method === 'GET'
      ? await resolveRendererFile(root, new URL(req.url ?? '/', 'http://localhost').pathname)
      : null;
  if (!file) {
    res.writeHead(404).end();
    return;
  }
  try {
    const body = await readFile(file.path);
    res.writeHead(200, {
      'Content-Type': file.contentType,
      'Content-Security-Policy': CONTENT_SECURITY_POLICY,
      'Cache-Control': 'no-store',
    });
    res.end(body);
  } catch {
    res.writeHead(404).end();
  }
}
