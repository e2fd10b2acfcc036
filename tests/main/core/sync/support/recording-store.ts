import type { Change, MutationResult } from '../../../../../src/shared/contracts/sync';
import type { SyncStore } from '../../../../../src/main/core/sync/store';

type Waiter = { key: string; resolve: (at: number) => void };

/**
 * Wraps a real SyncStore and records what the engine applies: every change, when each record
 * arrived, and a shadow of the synced records, so tests can assert "nothing applied twice" and
 * measure "committed at the portal -> in the cache".
 */
export class RecordingStore implements SyncStore {
  readonly applied: Change[] = [];
  /** How long each page's commit held the process, in ms. */
  readonly commitMs: number[] = [];
  readonly shadow = new Map<string, Record<string, unknown>>();
  private readonly waiters: Waiter[] = [];

  /** `retain: false` keeps timings and arrival signals only, so a benchmark's heap stays as in the app. */
  constructor(
    readonly inner: SyncStore,
    private readonly retain = true,
  ) {}

  /** Resolves with performance.now() once a change to `entity:id` has been committed. */
  arrivalOf(entity: string, id: string): Promise<number> {
    return new Promise((resolve) => this.waiters.push({ key: `${entity}:${id}`, resolve }));
  }

  recordsOf(entity: string): Record<string, unknown>[] {
    return [...this.shadow.entries()]
      .filter(([key]) => key.startsWith(`${entity}:`))
      .map(([, record]) => record);
  }

  getCursor() {
    return this.inner.getCursor();
  }

  applyPage(changes: readonly Change[], cursor: string) {
    const started = performance.now();
    this.inner.applyPage(changes, cursor);
    const at = performance.now();
    this.commitMs.push(at - started);
    if (this.retain) this.record(changes);
    this.signalArrivals(changes, at);
  }

  async applyPageInChunks(changes: readonly Change[], cursor: string) {
    const started = performance.now();
    await this.inner.applyPageInChunks(changes, cursor);
    const at = performance.now();
    this.commitMs.push(at - started);
    if (this.retain) this.record(changes);
    this.signalArrivals(changes, at);
  }

  private record(changes: readonly Change[]) {
    this.applied.push(...changes);
    for (const change of changes) {
      const key = keyOf(change);
      if (change.op === 'upsert') this.shadow.set(key, change.record);
      else if (change.op === 'delete') this.shadow.delete(key);
      else this.dropPatient(change.patientId);
    }
  }

  private signalArrivals(changes: readonly Change[], at: number) {
    if (this.waiters.length === 0) return;
    for (const change of changes) {
      const key = keyOf(change);
      for (const waiter of this.waiters.filter((w) => w.key === key)) {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        waiter.resolve(at);
      }
    }
  }

  async resetSyncedData() {
    await this.inner.resetSyncedData();
    this.shadow.clear();
  }

  pendingMutations(limit: number) {
    return this.inner.pendingMutations(limit);
  }

  pendingCount() {
    return this.inner.pendingCount();
  }

  recordResults(results: readonly MutationResult[]) {
    this.inner.recordResults(results);
  }

  recordAttemptFailed(ids: readonly string[]) {
    this.inner.recordAttemptFailed(ids);
  }

  rejectedMutations() {
    return this.inner.rejectedMutations();
  }

  getMeta(key: string) {
    return this.inner.getMeta(key);
  }

  setMeta(key: string, value: string | null) {
    this.inner.setMeta(key, value);
  }

  private dropPatient(patientId: string) {
    for (const [key, record] of this.shadow) {
      if (record.patientId === patientId || key === `patient:${patientId}`) this.shadow.delete(key);
    }
  }
}

export function keyOf(change: Change): string {
  if (change.op === 'upsert') return `${change.entity}:${change.record.id}`;
  if (change.op === 'delete') return `${change.entity}:${change.id}`;
  return `drop-patient:${change.patientId}`;
}
