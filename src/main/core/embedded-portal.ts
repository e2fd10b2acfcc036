import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { RunningPortal } from '../../portal/server';

export type EmbeddedPortal = Pick<RunningPortal, 'url' | 'demoAccounts' | 'close'>;

/**
 * Start the embedded demo portal on its own worker thread, on loopback. Built, the worker is
 * out/main/embedded-portal-worker.js beside the bundle (a second input of the main build in
 * electron.vite.config.ts); from source (tests, the test host) it is the TypeScript entry, loaded
 * through tsx.
 */
export async function startEmbeddedPortal(): Promise<EmbeddedPortal> {
  const worker = spawnWorker();
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  const ready = await new Promise<{ url: string; demoAccounts: RunningPortal['demoAccounts'] }>(
    (resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
      void exited.then(() => reject(new Error('The embedded portal stopped before it was ready')));
    },
  );
  return {
    ...ready,
    async close() {
      worker.postMessage('close');
      await exited;
    },
  };
}

function spawnWorker(): Worker {
  const built = new URL('./embedded-portal-worker.js', import.meta.url);
  if (existsSync(fileURLToPath(built))) return new Worker(built);
  const source = fileURLToPath(new URL('./embedded-portal-worker.ts', import.meta.url));
  const tsx = createRequire(import.meta.url).resolve('tsx/esm/api');
  return new Worker(
    `require(${JSON.stringify(tsx)}).register(); import(${JSON.stringify(`file://${source}`)});`,
    { eval: true },
  );
}
