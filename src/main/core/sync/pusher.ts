import { PUSH_BATCH_MAX, type PushResponse } from '../../../shared/contracts/sync';
import { SyncFailure, toSyncFailure } from './errors';
import type { PortalClient } from './http';
import type { SyncStore } from './store';

/**
 * Send the outbox in order, in batches, until it is empty. Each mutation carries its client-made
 * id, so a batch whose answer was lost is simply sent again: the portal applies it once. A
 * rejected mutation is recorded and the rest carry on.
 */
export async function pushOutbox(
  client: PortalClient,
  store: SyncStore,
  signal: AbortSignal,
  batchSize = PUSH_BATCH_MAX,
): Promise<void> {
  for (;;) {
    const batch = store.pendingMutations(batchSize);
    if (batch.length === 0) return;
    const ids = batch.map((pending) => pending.mutation.id);
    let answer: PushResponse;
    try {
      answer = await client.push({ mutations: batch.map((pending) => pending.mutation) }, signal);
    } catch (error) {
      signal.throwIfAborted();
      const failure = toSyncFailure(error);
      if (failure.transient) store.recordAttemptFailed(ids);
      throw failure;
    }
    // Stopped meanwhile: the store may be closing. Sending the batch again later is harmless.
    signal.throwIfAborted();
    // Every mutation sent must be answered, or the outbox would never drain.
    const sent = new Set(ids);
    const answers = answer.results.filter((result) => sent.has(result.id));
    if (new Set(answers.map((result) => result.id)).size !== sent.size) {
      store.recordAttemptFailed(ids);
      throw new SyncFailure('malformed', 'push-unanswered', 'The portal did not answer every change');
    }
    store.recordResults(answers);
  }
}
