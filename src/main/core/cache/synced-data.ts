import type { EntityKind } from '../../../shared/contracts/domain';
import type { Change, MutationResult } from '../../../shared/contracts/sync';
import type { PendingMutation, RejectedMutation, SyncStore } from '../sync/store';
import { yieldToEventLoop } from '../sync/yield';
import type { CacheDatabase, CacheStatement } from './database';
import { entityKinds, entitySpecs, insertSql, rowOf } from './entities';
import type { Outbox } from './outbox';
import type { Overlay } from './overlay';
import type { PatientSummaries } from './summaries';

const CURSOR_KEY = 'sync.cursor';
/** Set while a resync's chunked reset is under way. */
const RESETTING_KEY = 'sync.resetting';

/**
 * Changes per transaction that keep the main process's longest stall under the ~50 ms budget on
 * the encrypted cache, patient summaries included. With 250 the team lead's 1,683-patient initial
 * sync stalled 49-58 ms at worst late in the sync (the tables are larger by then); with 100, 39-43
 * ms, for ~15% more total time (npm run bench:workstation). Larger pages go through applyPageInChunks.
 */
export const APPLY_CHUNK_SIZE = 100;

/** Which patients a page touched, for the UI's "data changed" event. */
export interface PageEffect {
  patientIds: Set<string>;
  /** Staff or team records changed (the team-lead view). */
  team: boolean;
  /** Everything was dropped (resync): every view must reload. */
  everything: boolean;
}

const noEffect = (): PageEffect => ({ patientIds: new Set(), team: false, everything: false });

/**
 * The SyncStore the sync engine writes through. Each page commits in one transaction with its
 * cursor, so a page is applied entirely or not at all, and an interrupted pull resumes exactly.
 *
 * drop-patient removes the patient's synced records, overlay, draft and round state: nothing
 * about a patient who left this account's scope stays readable. Their outbox entries stay until
 * the portal answers them (it will refuse them; the refusal is shown without patient data).
 */
export class SyncedData implements SyncStore {
  private readonly inserts: Record<EntityKind, CacheStatement>;
  private readonly deletes: Record<EntityKind, CacheStatement>;
  private readonly listeners = new Set<(effect: PageEffect) => void>();

  constructor(
    private readonly db: CacheDatabase,
    private readonly outbox: Outbox,
    private readonly overlay: Overlay,
    private readonly summaries: PatientSummaries,
  ) {
    const byKind = <T>(make: (kind: EntityKind) => T) =>
      Object.fromEntries(entityKinds.map((kind) => [kind, make(kind)])) as Record<EntityKind, T>;
    this.inserts = byKind((kind) => db.prepare(insertSql(kind)));
    this.deletes = byKind((kind) =>
      db.prepare(`DELETE FROM ${entitySpecs[kind].table} WHERE id = ? RETURNING patient_id`),
    );
  }

  /** Told after each committed page which patients it touched. */
  onApplied(listener: (effect: PageEffect) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  getCursor(): string | null {
    return this.getMeta(CURSOR_KEY);
  }

  applyPage(changes: readonly Change[], cursor: string): void {
    const effect = noEffect();
    this.db.transaction(() => {
      this.applyChanges(changes, effect);
      this.setMeta(CURSOR_KEY, cursor);
    })();
    this.notify(effect);
  }

  /**
   * applyPage for pages too large for one short transaction: chunks commit one by one with a turn
   * of the event loop between them, and only the last moves the cursor. If interrupted, the pull
   * restarts from the old cursor and re-applies the whole page; that is harmless because changes
   * come in commit order and each is idempotent (last write wins, deletes and drops repeat).
   */
  async applyPageInChunks(
    changes: readonly Change[],
    cursor: string,
    chunkSize = APPLY_CHUNK_SIZE,
  ): Promise<void> {
    for (let start = 0; start + chunkSize < changes.length; start += chunkSize) {
      const effect = noEffect();
      this.db.transaction(() => this.applyChanges(changes.slice(start, start + chunkSize), effect))();
      this.notify(effect);
      await yieldToEventLoop();
    }
    const last = Math.max(0, Math.ceil(changes.length / chunkSize) - 1) * chunkSize;
    this.applyPage(changes.slice(last), cursor);
  }

  /**
   * Forget all synced data and the cursor, in chunks with a turn of the event loop between them (a
   * team lead's cache holds far more rows than one short transaction can delete). The first commit
   * clears the cursor and marks the reset; the marker goes with the last. A reset interrupted by a
   * crash is finished when the cache next opens (finishInterruptedReset), before any pull, so no
   * record outside the new scope survives.
   */
  async resetSyncedData(chunkSize = APPLY_CHUNK_SIZE * 8): Promise<void> {
    this.db.transaction(() => {
      this.setMeta(CURSOR_KEY, null);
      this.setMeta(RESETTING_KEY, '1');
    })();
    for (const kind of entityKinds) {
      const table = entitySpecs[kind].table;
      const deleteSome = this.db.prepare(
        `DELETE FROM ${table} WHERE rowid IN (SELECT rowid FROM ${table} LIMIT ?)`,
      );
      while (deleteSome.run(chunkSize).changes > 0) await yieldToEventLoop();
    }
    this.finishReset();
  }

  /** At open: complete a reset a crash interrupted (one transaction; this is the rare path). */
  finishInterruptedReset(): void {
    if (this.getMeta(RESETTING_KEY) === null) return;
    this.finishReset();
  }

  private finishReset(): void {
    this.db.transaction(() => {
      for (const kind of entityKinds) this.db.exec(`DELETE FROM ${entitySpecs[kind].table}`);
      this.summaries.clear();
      this.setMeta(RESETTING_KEY, null);
    })();
    this.notify({ ...noEffect(), team: true, everything: true });
  }

  pendingMutations(limit: number): PendingMutation[] {
    return this.outbox.pending(limit);
  }

  pendingCount(): number {
    return this.outbox.count();
  }

  /** A rejected change vanishes from view, so listeners hear about the patients answered. */
  recordResults(results: readonly MutationResult[]): void {
    const patientIds = this.db.transaction(() => {
      const touched = this.outbox.recordResults(results);
      this.summaries.refresh(touched);
      return touched;
    })();
    if (patientIds.size > 0) this.notify({ ...noEffect(), patientIds });
  }

  recordAttemptFailed(ids: readonly string[]): void {
    this.db.transaction(() => this.outbox.recordAttemptFailed(ids))();
  }

  rejectedMutations(): RejectedMutation[] {
    return this.outbox
      .rejected()
      .map(({ mutation, result, rejectedAt }) => ({ mutation, result, rejectedAt }));
  }

  getMeta(key: string): string | null {
    const row = this.db.prepare<[string], { value: string }>('SELECT value FROM meta WHERE key = ?').get(key);
    return row?.value ?? null;
  }

  setMeta(key: string, value: string | null): void {
    if (value === null) this.db.prepare('DELETE FROM meta WHERE key = ?').run(key);
    else this.db.prepare('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)').run(key, value);
  }

  private applyChanges(changes: readonly Change[], effect: PageEffect): void {
    const awaiting = this.overlay.awaitingConfirmation();
    for (const change of changes) {
      if (change.op === 'upsert') {
        this.inserts[change.entity].run(...rowOf(change.entity, change.record));
        this.touch(effect, change.entity, patientOf(change.entity, change.record));
        if (awaiting.has(`${change.entity}:${change.record.id}`))
          this.overlay.confirmWith(change.entity, change.record);
      } else if (change.op === 'delete') {
        const row = this.deletes[change.entity].get(change.id) as { patient_id: string | null } | undefined;
        this.overlay.forgetApplied(change.entity, change.id);
        this.touch(effect, change.entity, row?.patient_id ?? null);
      } else {
        this.dropPatient(change.patientId);
        effect.patientIds.add(change.patientId);
      }
    }
    this.summaries.refresh(effect.patientIds);
  }

  private dropPatient(patientId: string): void {
    for (const kind of entityKinds) {
      if (entitySpecs[kind].patientField !== null) {
        this.db.prepare(`DELETE FROM ${entitySpecs[kind].table} WHERE patient_id = ?`).run(patientId);
      }
    }
    this.overlay.dropPatient(patientId);
    this.db.prepare('DELETE FROM draft WHERE patient_id = ?').run(patientId);
    this.db.prepare('DELETE FROM round WHERE patient_id = ?').run(patientId);
    this.db.prepare('DELETE FROM time_spent WHERE patient_id = ?').run(patientId);
  }

  private notify(effect: PageEffect): void {
    for (const listener of this.listeners) listener(effect);
  }

  private touch(effect: PageEffect, kind: EntityKind, patientId: string | null): void {
    if (patientId !== null) effect.patientIds.add(patientId);
    else if (kind === 'staff' || kind === 'team') effect.team = true;
  }
}

function patientOf(kind: EntityKind, record: { id: string }): string | null {
  const field = entitySpecs[kind].patientField;
  return field === null ? null : ((record as Record<string, unknown>)[field] as string);
}
