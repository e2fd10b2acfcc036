import type { Change, Mutation, MutationResult } from '../../../shared/contracts/sync';

/** A mutation waiting in the outbox, as the sync engine sees it. */
export interface PendingMutation {
  mutation: Mutation;
  /** How many pushes of it have failed for transport reasons (not rejections). */
  attempts: number;
  queuedAt: string;
}

/** A mutation the portal refused; kept for the user to see until they dismiss it. */
export interface RejectedMutation {
  mutation: Mutation;
  result: Extract<MutationResult, { status: 'rejected' }>;
  rejectedAt: string;
}

/**
 * What the sync engine needs from the local cache. The encrypted cache implements it; the
 * engine knows nothing about SQLite. Every method that changes state does so in one transaction.
 */
export interface SyncStore {
  /** The pull cursor last committed together with the data it covers, or null before the first sync. */
  getCursor(): string | null;
  /**
   * Apply one pulled page and move the cursor, atomically. Records touched by a pending local
   * mutation keep their local state visible until that mutation is answered (sync property 5).
   * One page is one transaction and blocks the process while it runs, so a page larger than
   * APPLY_CHUNK_SIZE changes (src/main/core/cache/synced-data.ts) goes through applyPageInChunks,
   * which keeps each stall of the main process under ~50 ms.
   */
  applyPage(changes: readonly Change[], cursor: string): void;
  /**
   * applyPage for a page of any size: above the chunk size it commits in chunks with a turn of
   * the event loop between them, and only the last chunk moves the cursor, so a crash mid-page
   * re-pulls the whole page (each change is idempotent).
   */
  applyPageInChunks(changes: readonly Change[], cursor: string): Promise<void>;
  /** Forget all synced data and the cursor (resync), in chunks; the outbox and drafts are kept. */
  resetSyncedData(): Promise<void>;
  /** Pending mutations in the order they were made. */
  pendingMutations(limit: number): PendingMutation[];
  /** How many mutations wait in the outbox (the status count), without reading them. */
  pendingCount(): number;
  /** Record the portal's answers: applied ones leave the outbox, rejected ones move to the rejected list. */
  recordResults(results: readonly MutationResult[]): void;
  /** Count a failed transport attempt for these mutation ids. */
  recordAttemptFailed(ids: readonly string[]): void;
  rejectedMutations(): RejectedMutation[];
  /** Small key-value state the engine keeps across restarts (last sync time, initial-sync progress). */
  getMeta(key: string): string | null;
  setMeta(key: string, value: string | null): void;
}
