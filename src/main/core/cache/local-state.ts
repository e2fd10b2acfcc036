import type { Draft, RoundState } from '../../../shared/contracts/ipc';
import type { CacheDatabase } from './database';

type RoundRow = { status: 'done' | 'snoozed'; at: string; since: string | null };

/** Where a patient stands in the round for a programme week; open when nothing is recorded. */
export type RoundLookup = (patientId: string, week: number) => RoundState;

/**
 * State that lives only on this workstation: reply drafts (one per patient), where each patient
 * stands in this therapist's round for a programme week (done, or snoozed until a time), and the
 * user's active time on each patient per ISO week (time-meter.ts).
 */
export class LocalState {
  constructor(private readonly db: CacheDatabase) {}

  draft(patientId: string): Draft | null {
    const row = this.db
      .prepare<[string], { body: string; updated_at: string }>(
        'SELECT body, updated_at FROM draft WHERE patient_id = ?',
      )
      .get(patientId);
    return row ? { patientId, body: row.body, updatedAt: row.updated_at } : null;
  }

  drafts(): Draft[] {
    return this.db
      .prepare<[], { patient_id: string; body: string; updated_at: string }>(
        'SELECT patient_id, body, updated_at FROM draft ORDER BY updated_at DESC',
      )
      .all()
      .map((row) => ({ patientId: row.patient_id, body: row.body, updatedAt: row.updated_at }));
  }

  /** The patients with a saved draft, in one scan (the queue marks them). */
  patientsWithDraft(): Set<string> {
    const rows = this.db.prepare<[], { patient_id: string }>('SELECT patient_id FROM draft').all();
    return new Set(rows.map((r) => r.patient_id));
  }

  saveDraft(draft: Draft): void {
    this.db
      .prepare('INSERT OR REPLACE INTO draft (patient_id, body, updated_at) VALUES (?, ?, ?)')
      .run(draft.patientId, draft.body, draft.updatedAt);
  }

  discardDraft(patientId: string): void {
    this.db.prepare('DELETE FROM draft WHERE patient_id = ?').run(patientId);
  }

  round(patientId: string, week: number): RoundState {
    const row = this.db
      .prepare<[string, number], RoundRow>(
        'SELECT status, at, since FROM round WHERE patient_id = ? AND week = ?',
      )
      .get(patientId, week);
    return roundStateOf(row);
  }

  /** Every patient's round state, read in one scan, for views that look up many patients. */
  rounds(): RoundLookup {
    const rows = this.db
      .prepare<[], RoundRow & { patient_id: string; week: number }>(
        'SELECT patient_id, week, status, at, since FROM round',
      )
      .all();
    const states = new Map(rows.map((row) => [`${row.patient_id}:${row.week}`, roundStateOf(row)]));
    return (patientId, week) => states.get(`${patientId}:${week}`) ?? roundStateOf(undefined);
  }

  setRound(patientId: string, week: number, state: RoundState): void {
    if (state.status === 'open') {
      this.db.prepare('DELETE FROM round WHERE patient_id = ? AND week = ?').run(patientId, week);
      return;
    }
    const [at, since] = state.status === 'done' ? [state.at, null] : [state.until, state.since ?? null];
    this.db
      .prepare('INSERT OR REPLACE INTO round (patient_id, week, status, at, since) VALUES (?, ?, ?, ?, ?)')
      .run(patientId, week, state.status, at, since);
  }

  /**
   * Adds active time on a patient in an ISO week to the week's total, which starts from at least
   * `fromMs` (the total the portal already holds, e.g. from another workstation); answers the new
   * total (ms).
   */
  addTimeSpent(patientId: string, week: string, ms: number, fromMs: number): number {
    return this.db
      .prepare<[{ patientId: string; week: string; fromMs: number; ms: number }], { ms: number }>(
        `INSERT INTO time_spent (patient_id, week, ms) VALUES (@patientId, @week, @fromMs + @ms)
         ON CONFLICT (patient_id, week) DO UPDATE SET ms = max(ms, @fromMs) + @ms RETURNING ms`,
      )
      .get({ patientId, week, fromMs, ms })!.ms;
  }
}

/** Exported only until workstation/views/queue.ts reads through `rounds()`. */
function roundStateOf(row: RoundRow | undefined): RoundState {
  if (!row) return { status: 'open' };
  if (row.status === 'done') return { status: 'done', at: row.at };
  // A snooze from before `since` was recorded has none: the queue then lets any waiting message lift it.
  return row.since === null
    ? { status: 'snoozed', until: row.at }
    : { status: 'snoozed', until: row.at, since: row.since };
}
