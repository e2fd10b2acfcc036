import type { Mutation } from '../../../shared/contracts/sync';
import { Checkpointer } from './checkpointer';
import { type CacheDatabase, openEncryptedDatabase, openUnencryptedForBenchmark } from './database';
import { LocalState } from './local-state';
import { Outbox } from './outbox';
import { Overlay, type OverlayWrite } from './overlay';
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
 * One account's encrypted cache, opened and migrated, with its parts: the synced data the sync
 * engine writes (`synced`, the SyncStore), the outbox, the overlay of unconfirmed local changes,
 * and local-only state. A command that touches several parts wraps them in `transaction`.
 */
export class Cache {
  readonly overlay: Overlay;
  readonly outbox: Outbox;
  readonly synced: SyncedData;
  readonly local: LocalState;
  readonly summaries: PatientSummaries;

  private constructor(
    readonly db: CacheDatabase,
    now: () => Date,
    private readonly checkpointer: Checkpointer,
  ) {
    this.overlay = new Overlay(db);
    this.outbox = new Outbox(db, this.overlay, now);
    this.summaries = new PatientSummaries(db);
    this.synced = new SyncedData(db, this.outbox, this.overlay, this.summaries);
    this.local = new LocalState(db);
    // The worker does the bulk of checkpointing (checkpointer.ts); this rarer automatic one only
    // copies what it has not, and lets SQLite restart the WAL, which bounds its size.
    db.pragma(`wal_autocheckpoint = ${MAIN_CHECKPOINT_PAGES}`);
    this.synced.finishInterruptedReset();
    this.synced.onApplied(() => checkpointer.afterCommit());
  }

  static open(options: CacheOptions): Cache {
    const db = openEncryptedDatabase(options.path, options.key);
    try {
      migrate(db);
    } catch (error) {
      db.close();
      throw error;
    }
    return new Cache(db, options.now ?? (() => new Date()), new Checkpointer(options.path, options.key));
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

  /** The same cache on an UNENCRYPTED file, only for the benchmark (see database.ts). */
  static openUnencryptedForBenchmark(path: string): Cache {
    const db = openUnencryptedForBenchmark(path);
    migrate(db);
    return new Cache(db, () => new Date(), new Checkpointer(path, null));
  }

  transaction<T>(work: () => T): T {
    return this.db.transaction(work)();
  }

  /** The checkpoint worker's connection closes first, so this one folds the WAL into the file. */
  async close(): Promise<void> {
    await this.checkpointer.close();
    if (this.db.open) this.db.close();
  }
}
