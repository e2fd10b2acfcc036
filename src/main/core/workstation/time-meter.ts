import { isoWeekOf } from '../../../shared/clinical';

/** Time counts while the user's last key, click or scroll is at most this old. */
export const ACTIVE_WINDOW_MS = 60_000;
/** How often the measured time is written and reported to the portal while the user works. */
export const REPORT_EVERY_MS = 2 * 60_000;

export interface MeasuredTime {
  patientId: string;
  /** The ISO week the time was spent in ('2026-W09'). */
  week: string;
  ms: number;
}

export interface TimeMeterDeps {
  /** A monotonic clock (ms): what durations are measured with. performance.now() unless given. */
  clock?: () => number;
  /** The clinic's time, which says the week. */
  now: () => Date;
  /**
   * Takes measured time to keep and report. Returns false when it cannot now (the session is
   * locked): the meter keeps the time and offers it again.
   */
  record(times: readonly MeasuredTime[]): boolean;
}

/**
 * Measures how long the user actively works on each patient: the patient's view is open, the
 * window has focus, the session is open, and a key, click or scroll came within the last minute.
 * Idle time does not count. Only durations are kept, never what was typed or shown. The page says
 * which patient it shows and reports input; the window says whether it has focus; the sums are
 * made here. Time is counted in the week it is settled in (at each input, change or report).
 */
export class TimeMeter {
  private readonly clock: () => number;
  private patientId: string | null = null;
  private focused = false;
  /** The session is open (not locked, not signed out): a locked screen shows no patient. */
  private open = true;
  private lastInput = -Infinity;
  /** Time up to here is accounted for. */
  private settledAt: number;
  private readonly unreported = new Map<string, MeasuredTime>();
  private timer: ReturnType<typeof setInterval> | null = null;

  constructor(private readonly deps: TimeMeterDeps) {
    this.clock = deps.clock ?? (() => performance.now());
    this.settledAt = this.clock();
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => this.report(), REPORT_EVERY_MS);
    this.timer.unref?.();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** The page shows this patient's view now (null: no patient). Leaving a patient reports their time. */
  viewing(patientId: string | null): void {
    if (patientId === this.patientId) return;
    this.settle();
    const left = this.patientId;
    this.patientId = patientId;
    if (left !== null) this.report();
  }

  focus(focused: boolean): void {
    this.settle();
    this.focused = focused;
  }

  /** The session opened or closed (locked, signed out): closing reports the time so far. */
  sessionOpen(open: boolean): void {
    this.settle();
    this.open = open;
    if (!open) this.report();
  }

  /** Signed out: time not yet handed over was the last user's, and goes with them. */
  forget(): void {
    this.settle();
    this.unreported.clear();
  }

  /** A key, a click or a scroll. */
  input(): void {
    this.settle();
    this.lastInput = this.clock();
  }

  /** Hands the time measured so far to `record`; kept for the next report if it cannot take it. */
  report(): void {
    this.settle();
    if (this.unreported.size === 0) return;
    if (this.deps.record([...this.unreported.values()])) this.unreported.clear();
  }

  /** Counts the time since the last settlement, up to a minute after the last input. */
  private settle(): void {
    const at = this.clock();
    const activeUntil = Math.min(at, this.lastInput + ACTIVE_WINDOW_MS);
    if (this.patientId !== null && this.focused && this.open && activeUntil > this.settledAt) {
      const week = isoWeekOf(this.deps.now());
      const key = `${this.patientId}:${week}`;
      const time = this.unreported.get(key) ?? { patientId: this.patientId, week, ms: 0 };
      time.ms += activeUntil - this.settledAt;
      this.unreported.set(key, time);
    }
    this.settledAt = at;
  }
}
