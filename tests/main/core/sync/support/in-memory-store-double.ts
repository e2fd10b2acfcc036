import type { Change, Mutation, MutationResult } from '../../../../../src/shared/contracts/sync';
import type { PendingMutation, RejectedMutation, SyncStore } from '../../../../../src/main/core/sync/store';

/**
 * A SyncStore in memory, for unit tests of the engine's control flow only. Integration tests use
 * the real encrypted cache.
 */
export class InMemorySyncStoreDouble implements SyncStore {
  readonly records = new Map<string, Record<string, unknown>>();
  readonly appliedPages: { changes: number; cursor: string }[] = [];
  resets = 0;
  private cursor: string | null = null;
  private outbox: PendingMutation[] = [];
  private rejected: RejectedMutation[] = [];
  private readonly meta = new Map<string, string>();

  enqueue(mutation: Mutation): void {
    this.outbox.push({ mutation, attempts: 0, queuedAt: new Date().toISOString() });
  }

  getCursor() {
    return this.cursor;
  }

  applyPage(changes: readonly Change[], cursor: string) {
    for (const change of changes) {
      if (change.op === 'upsert') this.records.set(`${change.entity}:${change.record.id}`, change.record);
      else if (change.op === 'delete') this.records.delete(`${change.entity}:${change.id}`);
      else {
        for (const [key, record] of this.records) {
          if (record.patientId === change.patientId || key === `patient:${change.patientId}`)
            this.records.delete(key);
        }
      }
    }
    this.cursor = cursor;
    this.appliedPages.push({ changes: changes.length, cursor });
  }

  async applyPageInChunks(changes: readonly Change[], cursor: string) {
    this.applyPage(changes, cursor);
  }

  async resetSyncedData() {
    this.records.clear();
    this.cursor = null;
    this.resets += 1;
  }

  pendingMutations(limit: number) {
    return this.outbox.slice(0, limit);
  }

  pendingCount() {
    return this.outbox.length;
  }

  recordResults(results: readonly MutationResult[]) {
    for (const result of results) {
      const pending = this.outbox.find((entry) => entry.mutation.id === result.id);
      if (!pending) continue;
      this.outbox = this.outbox.filter((entry) => entry !== pending);
      if (result.status === 'rejected') {
        this.rejected.push({ mutation: pending.mutation, result, rejectedAt: new Date().toISOString() });
      }
    }
  }

  recordAttemptFailed(ids: readonly string[]) {
    for (const entry of this.outbox) if (ids.includes(entry.mutation.id)) entry.attempts += 1;
  }

  rejectedMutations() {
    return [...this.rejected];
  }

  getMeta(key: string) {
    return this.meta.get(key) ?? null;
  }

  setMeta(key: string, value: string | null) {
    if (value === null) this.meta.delete(key);
    else this.meta.set(key, value);
  }
}
