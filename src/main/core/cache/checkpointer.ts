import { statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { CONNECTION_PRAGMAS, type CacheFile } from './database';

/** The WAL size at which the worker starts a checkpoint. */
const WAL_THRESHOLD_BYTES = 4 * 1024 * 1024;

// Plain CommonJS, so it runs the same from source, tests and the bundled app.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.module);
const db = new Database(workerData.path);
for (const pragma of workerData.pragmas) db.pragma(pragma);
parentPort.on('message', (message) => {
  if (message === 'close') { db.close(); parentPort.close(); return; }
  try { db.pragma('wal_checkpoint(PASSIVE)'); parentPort.postMessage('done'); }
  catch { parentPort.postMessage('failed'); }
});
`;

/**
 * Copies the WAL back into the database file on a second connection in a worker thread (the key
 * goes to the worker in memory; it never leaves this process). SQLite's automatic checkpoint runs
 * inside a commit and, with every page decrypted and re-encrypted, made every fourth commit of a
 * pulled page (250 changes) take 60+ ms: the main process stalled. A WAL-mode checkpoint on
 * another connection does not block the writer, so the worker copies the bulk once the WAL passes
 * a threshold, and the main connection's much rarer automatic checkpoint (Cache) only finishes
 * the rest and lets SQLite restart the WAL, which bounds its size.
 */
export class Checkpointer {
  private readonly worker: Worker;
  private running = false;
  private readonly exited: Promise<void>;
  private readonly path: string;

  constructor(file: CacheFile) {
    this.path = file.path;
    const module = createRequire(import.meta.url).resolve('better-sqlite3-multiple-ciphers');
    this.worker = new Worker(WORKER_SOURCE, {
      eval: true,
      // The same connection settings as the main connection (database.ts), unlock first.
      workerData: { module, path: file.path, pragmas: [...file.unlockPragmas, ...CONNECTION_PRAGMAS] },
    });
    this.exited = new Promise((resolve) => this.worker.once('exit', () => resolve()));
    this.worker.on('message', () => (this.running = false));
    // A failed worker only leaves the checkpointing to the main connection; never bring the app down.
    this.worker.on('error', () => (this.running = true));
    this.worker.unref();
  }

  /** After a commit: checkpoint in the background once the WAL is large enough. */
  afterCommit(): void {
    if (this.running || walSize(this.path) < WAL_THRESHOLD_BYTES) return;
    this.running = true;
    this.worker.postMessage('checkpoint');
  }

  /** Close the worker's connection first, so the main connection closes last and folds the WAL in. */
  close(): Promise<void> {
    this.running = true;
    // Keep the process alive until the worker's connection is closed.
    this.worker.ref();
    this.worker.postMessage('close');
    return this.exited;
  }
}

function walSize(path: string): number {
  try {
    return statSync(`${path}-wal`).size;
  } catch {
    return 0;
  }
}
