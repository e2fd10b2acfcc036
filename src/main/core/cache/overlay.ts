import type { EntityKind, EntityRecord } from '../../../shared/contracts/domain';
import type { CacheDatabase } from './database';
import { entitySpecs } from './entities';

/** The record kinds local commands change (`local` in entities.ts). */
export type LocalKind = 'message' | 'flag' | 'clinicalNote' | 'weeklyFeedback';

/** Which pulled state confirms an applied change, so its overlay row can go. */
export type ConfirmRule = 'exists' | 'read' | 'answered' | 'acknowledged' | 'resolved';

const confirms: Record<ConfirmRule, (record: Record<string, unknown>) => boolean> = {
  exists: () => true,
  read: (r) => r.readAt !== null,
  answered: (r) => r.answeredAt !== null,
  acknowledged: (r) => r.status !== 'open',
  resolved: (r) => r.status === 'resolved',
};

export interface OverlayWrite<K extends LocalKind = LocalKind> {
  entity: K;
  record: EntityRecord<K>;
  confirm: ConfirmRule;
}

/**
 * Local changes the portal has not confirmed yet, shown over the synced records (sync property 5:
 * a pull never loses or hides a pending local change). A command writes the record as the user
 * now sees it; the `visible_*` views prefer it over the synced row. An overlay row goes when:
 * - its mutation is rejected (the portal's state is the truth again), or
 * - its mutation was applied AND the pulled record shows the change (the "confirm" rule), so the
 *   screen never flips back to the old state between the push answer and the next pull.
 */
export class Overlay {
  private readonly insert;
  private readonly appliedFor;
  private readonly deleteSeq;

  constructor(private readonly db: CacheDatabase) {
    this.insert = db.prepare(
      `INSERT INTO overlay (mutation_id, entity, record_id, patient_id, json, confirm) VALUES (?, ?, ?, ?, ?, ?)`,
    );
    this.appliedFor = db.prepare<[string, string], { seq: number; confirm: ConfirmRule }>(
      `SELECT seq, confirm FROM overlay WHERE entity = ? AND record_id = ? AND applied = 1`,
    );
    this.deleteSeq = db.prepare<[number]>('DELETE FROM overlay WHERE seq = ?');
  }

  put(mutationId: string, write: OverlayWrite): void {
    const record = write.record as { id: string; patientId: string };
    this.insert.run(
      mutationId,
      write.entity,
      record.id,
      record.patientId,
      JSON.stringify(write.record),
      write.confirm,
    );
  }

  /**
   * Record ids with an applied overlay awaiting confirmation, read once per pulled page so that
   * records without one (nearly all) cost a set lookup, not a query.
   */
  awaitingConfirmation(): Set<string> {
    const rows = this.db
      .prepare<[], { key: string }>(`SELECT entity || ':' || record_id AS key FROM overlay WHERE applied = 1`)
      .all();
    return new Set(rows.map((r) => r.key));
  }

  /** A pulled record arrived: drop the applied overlays it confirms. */
  confirmWith(entity: EntityKind, record: { id: string }): void {
    for (const row of this.appliedFor.all(entity, record.id)) {
      if (confirms[row.confirm](record as Record<string, unknown>)) this.deleteSeq.run(row.seq);
    }
  }

  /** The portal applied the mutation: its overlay now waits for the pulled records (or is confirmed already). */
  markApplied(mutationId: string): void {
    this.db.prepare('UPDATE overlay SET applied = 1 WHERE mutation_id = ?').run(mutationId);
    const rows = this.db
      .prepare<[string], { entity: EntityKind; record_id: string }>(
        'SELECT DISTINCT entity, record_id FROM overlay WHERE mutation_id = ?',
      )
      .all(mutationId);
    for (const { entity, record_id } of rows) {
      const synced = this.db
        .prepare<[string], { json: string }>(`SELECT json FROM ${entitySpecs[entity].table} WHERE id = ?`)
        .get(record_id);
      if (synced) this.confirmWith(entity, JSON.parse(synced.json) as { id: string });
    }
  }

  discard(mutationId: string): void {
    this.db.prepare('DELETE FROM overlay WHERE mutation_id = ?').run(mutationId);
  }

  /** The synced record was deleted: an applied overlay of it has nothing left to wait for. */
  forgetApplied(entity: EntityKind, recordId: string): void {
    this.db
      .prepare('DELETE FROM overlay WHERE entity = ? AND record_id = ? AND applied = 1')
      .run(entity, recordId);
  }

  /**
   * The patient left this account's scope. Their overlay goes (nothing may show them any more);
   * their outbox entries stay until the portal answers them.
   */
  dropPatient(patientId: string): void {
    this.db.prepare('DELETE FROM overlay WHERE patient_id = ?').run(patientId);
  }
}
