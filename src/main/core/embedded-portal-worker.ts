import { parentPort } from 'node:worker_threads';
import { startPortal } from '../../portal/server';

/**
 * The embedded demo portal's thread (embedded-portal.ts starts it). PGlite's WebAssembly runs
 * synchronously and argon2 hashes on sign-in; on their own thread they no longer hold up the
 * main process's event loop, where the window's IPC and the cache's sync run.
 */
const port = parentPort;
if (!port) throw new Error('embedded-portal-worker runs only as a worker thread');
// In memory: the desktop app never writes a database of its own unencrypted.
const portal = await startPortal({ port: 0, dataDir: 'memory://', seed: 'demo', logLevel: 'warn' });
port.postMessage({ url: portal.url, demoAccounts: portal.demoAccounts });
port.once('message', () => void portal.close().then(() => port.close()));
