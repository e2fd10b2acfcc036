import {
  type Mutation,
  type MutationResult,
  Mutation as MutationSchema,
  writtenText,
} from '../../../shared/contracts/sync';
import type { PendingMutation, RejectedMutation } from '../sync/store';
import type { CacheDatabase } from './database';
import type { Overlay } from './overlay';

type Rejection = Extract<MutationResult, { status: 'rejected' }>;

export interface OutboxEntry {
  mutationId: string;
  type: Mutation['type'];
  patientId: string | null;
  /** What the user wrote, for them to copy out when the change is at risk. */
  text: string | null;
  queuedAt: string;
}

/**
 * Mutations waiting to be pushed, in the order they were made, and those the portal refused.
 * Answers also settle the mutation's overlay: applied ones wait for the pulled record, rejected
 * ones vanish so the portal's state shows again.
 */
export class Outbox {
  constructor(
    private readonly db: CacheDatabase,
    private readonly overlay: Overlay,
    private readonly now: () => Date,
  ) {}

  /** `queuedAt` is given for mutations carried over from a damaged cache. */
  enqueue(mutation: Mutation, patientId: string | null, queuedAt = this.now().toISOString()): void {
    this.db
      .prepare('INSERT INTO outbox (id, patient_id, mutation, queued_at) VALUES (?, ?, ?, ?)')
      .run(mutation.id, patientId, JSON.stringify(MutationSchema.parse(mutation)), queuedAt);
  }

  pending(limit: number): PendingMutation[] {
    return this.db
      .prepare<[number], { mutation: string; attempts: number; queued_at: string }>(
        'SELECT mutation, attempts, queued_at FROM outbox ORDER BY seq LIMIT ?',
      )
      .all(limit)
      .map((row) => ({
        mutation: JSON.parse(row.mutation) as Mutation,
        attempts: row.attempts,
        queuedAt: row.queued_at,
      }));
  }

  count(): number {
    return (this.db.prepare('SELECT count(*) AS n FROM outbox').get() as { n: number }).n;
  }

  /** What is waiting, with what the user wrote (for the "would lose" decision). */
  entries(): OutboxEntry[] {
    return this.db
      .prepare<[], { id: string; patient_id: string | null; mutation: string; queued_at: string }>(
        'SELECT id, patient_id, mutation, queued_at FROM outbox ORDER BY seq',
      )
      .all()
      .map((row) => {
        const mutation = JSON.parse(row.mutation) as Mutation;
        return {
          mutationId: row.id,
          type: mutation.type,
          patientId: row.patient_id,
          text: writtenText(mutation),
          queuedAt: row.queued_at,
        };
      });
  }

  /**
   * Answers for mutations no longer in the outbox (a retried push) change nothing. Returns the
   * patients whose visible records may have changed.
   */
  recordResults(results: readonly MutationResult[]): Set<string> {
    const touched = new Set<string>();
    const take = this.db.prepare<[string], { patient_id: string | null; mutation: string }>(
      'DELETE FROM outbox WHERE id = ? RETURNING patient_id, mutation',
    );
    for (const result of results) {
      const row = take.get(result.id);
      if (!row) continue;
      if (row.patient_id !== null) touched.add(row.patient_id);
      if (result.status === 'applied') {
        this.overlay.markApplied(result.id);
      } else {
        this.overlay.discard(result.id);
        this.reject(result, row.patient_id, row.mutation);
      }
    }
    return touched;
  }

  recordAttemptFailed(ids: readonly string[]): void {
    const bump = this.db.prepare('UPDATE outbox SET attempts = attempts + 1 WHERE id = ?');
    for (const id of ids) bump.run(id);
  }

  rejected(): (RejectedMutation & { patientId: string | null })[] {
    return this.db
      .prepare<[], { patient_id: string | null; mutation: string; result: string; rejected_at: string }>(
        'SELECT patient_id, mutation, result, rejected_at FROM rejected ORDER BY seq',
      )
      .all()
      .map((row) => ({
        mutation: JSON.parse(row.mutation) as Mutation,
        result: JSON.parse(row.result) as Rejection,
        rejectedAt: row.rejected_at,
        patientId: row.patient_id,
      }));
  }

  dismissRejected(mutationId: string): boolean {
    return this.db.prepare('DELETE FROM rejected WHERE id = ?').run(mutationId).changes > 0;
  }

  private reject(result: Rejection, patientId: string | null, mutation: string): void {
    this.db
      .prepare(
        'INSERT OR REPLACE INTO rejected (id, patient_id, mutation, result, rejected_at) VALUES (?, ?, ?, ?, ?)',
      )
      .run(result.id, patientId, mutation, JSON.stringify(result), this.now().toISOString());
  }
}
