import type { Mutation } from '../../../shared/contracts/sync';
import { Checkpointer } from './checkpointer';
import { type CacheDatabase, type CacheFile, encryptedCacheFile } from './database';
import { LocalState } from './local-state';
import { Outbox } from './outbox';
import { Overlay, type OverlayWrite } from './overlay';
import { Records } from './records';
import { migrate } from './schema';
import { PatientSummaries } from './summaries';
import { SyncedData } from './synced-data';

/** 16 MiB of 4 KiB pages; the worker starts at 4 MiB. */
const MAIN_CHECKPOINT_PAGES = 4096;

export interface LocalChange {
  mutation: Mutation;
  patientId: string | null;
  overlay: readonly OverlayWrite[];
}

export interface CacheOptions {
  path: string;
  /** The raw 256-bit key from the keychain. */
  key: Buffer;
  /** Time for local bookkeeping (queued at, draft saved at); never sent to or ordered against the portal. */
  now?: () => Date;
}

/**
 * One account's encrypted cache, opened and migrated, with its parts: the records as the user sees
 * them (`records`), the synced data the sync engine writes (`synced`, the SyncStore), the outbox,
 * the overlay of unconfirmed local changes, and local-only state. The database handle stays in
 * here: everything reads and writes through the parts. A command that touches several parts wraps
 * them in `transaction`.
 */
export class Cache {
  readonly records: Records;
  readonly overlay: Overlay;
  readonly outbox: Outbox;
  readonly synced: SyncedData;
  readonly local: LocalState;
  readonly summaries: PatientSummaries;

  private constructor(
    private readonly handle: CacheDatabase,
    now: () => Date,
    private readonly checkpointer: Checkpointer,
  ) {
    this.records = new Records(handle);
    this.overlay = new Overlay(handle);
    this.outbox = new Outbox(handle, this.overlay, now);
    this.summaries = new PatientSummaries(handle);
    this.synced = new SyncedData(handle, this.outbox, this.overlay, this.summaries);
    this.local = new LocalState(handle);
    // The worker does the bulk of checkpointing (checkpointer.ts); this rarer automatic one only
    // copies what it has not, and lets SQLite restart the WAL, which bounds its size.
    handle.pragma(`wal_autocheckpoint = ${MAIN_CHECKPOINT_PAGES}`);
    this.synced.finishInterruptedReset();
    this.synced.onApplied(() => checkpointer.afterCommit());
  }

  static open(options: CacheOptions): Cache {
    return Cache.openFile(encryptedCacheFile(options.path, options.key), options.now);
  }

  /**
   * Open through a given way into the file. The workstation opens only through `open`, with a key;
   * this seam is for the benchmark's unencrypted comparison copy and tests that inspect the file.
   */
  static openFile(file: CacheFile, now: () => Date = () => new Date()): Cache {
    const db = file.open();
    try {
      migrate(db);
    } catch (error) {
      db.close();
      throw error;
    }
    return new Cache(db, now, new Checkpointer(file));
  }

  /**
   * A local change: the mutation joins the outbox and the records as the user now sees them join
   * the overlay, in one transaction (plus `alsoDo`, e.g. discarding the draft that was sent).
   */
  queueLocalChange(change: LocalChange, alsoDo?: () => void): void {
    this.transaction(() => {
      this.outbox.enqueue(change.mutation, change.patientId);
      for (const write of change.overlay) this.overlay.put(change.mutation.id, write);
      alsoDo?.();
      if (change.patientId !== null) this.summaries.refresh([change.patientId]);
    });
  }

  transaction<T>(work: () => T): T {
    return this.handle.transaction(work)();
  }

  /** False once closed: the session closes it before it says it is signed out. */
  get isOpen(): boolean {
    return this.handle.open;
  }

  /** The checkpoint worker's connection closes first, so this one folds the WAL into the file. */
  async close(): Promise<void> {
    await this.checkpointer.close();
    if (this.handle.open) this.handle.close();
  }
}
