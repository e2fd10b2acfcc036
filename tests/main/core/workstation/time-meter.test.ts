import { describe, expect, it } from 'vitest';
import { type MeasuredTime, TimeMeter } from '../../../../src/main/core/workstation/time-meter';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
/** A Wednesday noon in Oslo: week 2026-W48. */
const WEDNESDAY = new Date('2026-11-25T11:00:00.000Z');

/** A meter on a clock the test moves; what it records is collected, refusals on demand. */
function meter() {
  let clock = 0;
  let wall = WEDNESDAY.getTime();
  let accepting = true;
  const recorded: MeasuredTime[][] = [];
  const meter = new TimeMeter({
    clock: () => clock,
    now: () => new Date(wall),
    record: (times) => {
      if (!accepting) return false;
      recorded.push(times.map((time) => ({ ...time })));
      return true;
    },
  });
  return {
    meter,
    recorded,
    advance(ms: number) {
      clock += ms;
      wall += ms;
    },
    refuse: (refusing: boolean) => (accepting = !refusing),
    /** Seconds recorded per patient and week, summed over every report. */
    totals() {
      const totals: Record<string, number> = {};
      for (const time of recorded.flat()) {
        const key = `${time.patientId} ${time.week}`;
        totals[key] = (totals[key] ?? 0) + time.ms / SECOND;
      }
      return totals;
    },
  };
}

describe('the time meter', () => {
  it('counts while the patient is open, the window focused and input came within the last minute', () => {
    const { meter: m, advance, totals } = meter();
    m.focus(true);
    m.viewing('p1');
    m.input();
    advance(45 * SECOND);
    m.input();
    // No input after this: the next minute counts, the rest is idle.
    advance(10 * MINUTE);
    m.report();
    expect(totals()).toEqual({ 'p1 2026-W48': 45 + 60 });
  });

  it('counts nothing without a patient open, without focus, or while locked', () => {
    const { meter: m, advance, totals } = meter();
    m.focus(true);
    m.input();
    advance(30 * SECOND); // the queue, no patient
    m.viewing('p1');
    m.focus(false);
    m.input();
    advance(30 * SECOND); // another window in front
    m.focus(true);
    m.sessionOpen(false);
    m.input();
    advance(30 * SECOND); // locked
    m.sessionOpen(true);
    m.input();
    advance(20 * SECOND); // at work: this counts
    m.report();
    expect(totals()).toEqual({ 'p1 2026-W48': 20 });
  });

  it('keeps each patient apart and reports a patient when the user leaves them', () => {
    const { meter: m, advance, recorded, totals } = meter();
    m.focus(true);
    m.viewing('p1');
    m.input();
    advance(40 * SECOND);
    m.viewing('p2');
    expect(recorded).toEqual([[{ patientId: 'p1', week: '2026-W48', ms: 40 * SECOND }]]);
    m.input();
    advance(25 * SECOND);
    m.viewing(null);
    expect(totals()).toEqual({ 'p1 2026-W48': 40, 'p2 2026-W48': 25 });
  });

  it('counts time after midnight between Sunday and Monday (Oslo) in the new week', () => {
    const { meter: m, advance, totals } = meter();
    // Sunday 23:59:30 in Oslo.
    advance(Date.parse('2026-11-29T22:59:30.000Z') - WEDNESDAY.getTime());
    m.focus(true);
    m.viewing('p1');
    m.input();
    advance(20 * SECOND);
    m.report();
    advance(20 * SECOND);
    m.input();
    advance(15 * SECOND);
    m.report();
    expect(totals()).toEqual({ 'p1 2026-W48': 20, 'p1 2026-W49': 35 });
  });

  it('keeps time it could not hand over (the session locked) and offers it again, summed', () => {
    const { meter: m, advance, recorded, refuse } = meter();
    m.focus(true);
    m.viewing('p1');
    m.input();
    advance(30 * SECOND);
    refuse(true);
    m.report();
    expect(recorded).toEqual([]);
    m.input();
    advance(10 * SECOND);
    refuse(false);
    m.report();
    expect(recorded).toEqual([[{ patientId: 'p1', week: '2026-W48', ms: 40 * SECOND }]]);
    // Handed over once: nothing is offered twice.
    m.report();
    expect(recorded).toHaveLength(1);
  });

  it("forgets at sign-out the time it could not hand over: it was the last user's", () => {
    const { meter: m, advance, recorded, refuse } = meter();
    m.focus(true);
    m.viewing('p1');
    m.input();
    advance(30 * SECOND);
    refuse(true);
    m.sessionOpen(false);
    m.forget();
    refuse(false);
    m.sessionOpen(true);
    m.report();
    expect(recorded).toEqual([]);
  });
});
