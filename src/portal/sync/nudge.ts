import type { Db } from '../db/db';
import { NUDGE_CHANNEL } from '../data/changes';

/** A burst of commits reaches a workstation as one nudge once it has been quiet this long... */
export const NUDGE_QUIET_MS = 50;
/** ...or this long after the burst began, whichever comes first. */
export const NUDGE_MAX_DELAY_MS = 250;
/** A pull that found changes held back behind a running transaction is nudged again after this. */
export const HELD_BACK_RETRY_MS = 500;

type Send = () => void;

/**
 * Tells connected workstations to pull. Every committed change NOTIFYs the staff who can see it
 * (data/changes.ts); each portal instance LISTENs and nudges its own subscribers, so a workstation
 * connected to any instance hears of a write made on any other.
 */
export class NudgeHub {
  private readonly subscribers = new Map<string, Set<Send>>();
  private readonly pending = new Map<string, { timer: NodeJS.Timeout; firstAt: number }>();

  async start(db: Db): Promise<void> {
    await db.listen(
      NUDGE_CHANNEL,
      (payload) => this.onNotify(payload),
      // Nudges sent while the listening connection was down are lost: everyone pulls and catches up.
      () => {
        for (const staffId of this.subscribers.keys()) this.schedule(staffId);
      },
    );
  }

  subscribe(staffId: string, send: Send): () => void {
    let sends = this.subscribers.get(staffId);
    if (!sends) this.subscribers.set(staffId, (sends = new Set()));
    sends.add(send);
    return () => {
      sends.delete(send);
      if (sends.size === 0) this.subscribers.delete(staffId);
    };
  }

  /** Nudges a staff member again shortly (their changes are committing behind another transaction). */
  nudgeSoon(staffId: string): void {
    if (this.subscribers.has(staffId)) this.schedule(staffId, HELD_BACK_RETRY_MS);
  }

  stop(): void {
    for (const { timer } of this.pending.values()) clearTimeout(timer);
    this.pending.clear();
  }

  private onNotify(payload: string): void {
    let recipients: unknown;
    try {
      recipients = JSON.parse(payload);
    } catch {
      return;
    }
    const staffIds =
      recipients === '*' ? [...this.subscribers.keys()] : Array.isArray(recipients) ? recipients : [];
    for (const staffId of staffIds) {
      if (typeof staffId === 'string' && this.subscribers.has(staffId)) this.schedule(staffId);
    }
  }

  /** Debounced: each notification pushes the nudge back a little, up to a maximum delay. */
  private schedule(staffId: string, quietMs = NUDGE_QUIET_MS): void {
    const now = Date.now();
    const pending = this.pending.get(staffId);
    if (pending) clearTimeout(pending.timer);
    const firstAt = pending?.firstAt ?? now;
    const delay = Math.max(0, Math.min(quietMs, firstAt + Math.max(quietMs, NUDGE_MAX_DELAY_MS) - now));
    const timer = setTimeout(() => {
      this.pending.delete(staffId);
      for (const send of this.subscribers.get(staffId) ?? []) send();
    }, delay);
    this.pending.set(staffId, { timer, firstAt });
  }
}
