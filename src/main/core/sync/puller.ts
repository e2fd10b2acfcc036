import type { Change, PullRequest, PullResponse } from '../../../shared/contracts/sync';
import { SyncFailure, isSyncFailure } from './errors';
import type { PortalClient } from './http';
import type { SyncStore } from './store';
import { yieldToEventLoop } from './yield';

export interface PullHooks {
  /** After each page is committed to the store. */
  onPage(changes: readonly Change[]): void;
  /** After the portal refused the cursor and the synced data was dropped. */
  onResync(): void;
}

/**
 * Pull pages from the store's cursor until the portal has nothing more. Each page commits with
 * its cursor in one transaction, so an interrupted pull resumes from the last committed page and
 * applies nothing twice. The event loop gets a turn before each page and between the chunks of a
 * large one.
 */
export async function pullToHead(
  client: PortalClient,
  store: SyncStore,
  pageSize: number,
  signal: AbortSignal,
  hooks: PullHooks,
): Promise<void> {
  let resynced = false;
  for (;;) {
    const cursor = store.getCursor();
    const response = await pullOrResync(client, { cursor, limit: pageSize }, signal);
    await yieldToEventLoop();
    // Stopped meanwhile (sign-out, shutdown): the store may be closing, so touch it no more.
    signal.throwIfAborted();
    if (response.kind === 'resync') {
      // One rebuild per pull; a portal refusing its own fresh start is a fault, not a loop.
      if (resynced) throw new SyncFailure('malformed', 'resync-loop', 'The portal refused a full sync');
      await store.resetSyncedData();
      resynced = true;
      hooks.onResync();
      continue;
    }
    if (response.hasMore && response.cursor === cursor) {
      throw new SyncFailure('malformed', 'cursor-stuck', 'The portal did not advance the sync cursor');
    }
    await store.applyPageInChunks(response.changes, response.cursor);
    hooks.onPage(response.changes);
    if (!response.hasMore) return;
  }
}

/** A cursor the portal cannot even read (a damaged cache) is answered like a stale one: rebuild. */
async function pullOrResync(
  client: PortalClient,
  request: PullRequest,
  signal: AbortSignal,
): Promise<PullResponse> {
  try {
    return await client.pull(request, signal);
  } catch (error) {
    if (
      isSyncFailure(error) &&
      error.kind === 'rejected' &&
      error.code === 'invalid_cursor' &&
      request.cursor
    ) {
      return { kind: 'resync', reason: 'cursor refused' };
    }
    throw error;
  }
}
