import { describe, expect, it, vi } from 'vitest';
import { IdleLock } from '../../../../src/main/core/workstation/idle-lock';

describe('the idle lock', () => {
  function idleLock(limitMs: number) {
    let clock = 0;
    const lock = vi.fn();
    const idle = new IdleLock({ limitMs, lock, now: () => clock });
    return { idle, lock, advance: (ms: number) => (clock += ms) };
  }

  it('locks once the limit has passed without activity, not before', () => {
    const { idle, lock, advance } = idleLock(600_000);
    advance(599_999);
    idle.check();
    expect(lock).not.toHaveBeenCalled();
    advance(1);
    idle.check();
    expect(lock).toHaveBeenCalledTimes(1);
  });

  it('counts from the last activity', () => {
    const { idle, lock, advance } = idleLock(600_000);
    advance(500_000);
    idle.activity();
    advance(500_000);
    idle.check();
    expect(lock).not.toHaveBeenCalled();
    advance(100_000);
    idle.check();
    expect(lock).toHaveBeenCalledTimes(1);
  });

  it('checks on its own once started, and stops', () => {
    vi.useFakeTimers();
    try {
      let clock = 0;
      const lock = vi.fn();
      const idle = new IdleLock({ limitMs: 60_000, lock, now: () => clock, checkEveryMs: 1_000 });
      idle.start();
      clock = 60_000;
      vi.advanceTimersByTime(1_000);
      expect(lock).toHaveBeenCalledTimes(1);
      idle.stop();
      clock = 200_000;
      vi.advanceTimersByTime(10_000);
      expect(lock).toHaveBeenCalledTimes(1);
    } finally {
      vi.useRealTimers();
    }
  });
});
