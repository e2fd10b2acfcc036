import { describe, expect, it } from 'vitest';
import { backoffDelay } from '../../../../src/main/core/sync/backoff';

describe('backoff with full jitter', () => {
  const policy = (random: number) => ({ baseMs: 500, capMs: 60_000, random: () => random });

  it('doubles the window each attempt up to the cap', () => {
    const ceilings = [1, 2, 3, 4, 8, 20].map((attempt) => backoffDelay(attempt, policy(0.999_999)));
    expect(ceilings).toEqual([499, 999, 1999, 3999, 59_999, 59_999]);
  });

  it('spreads the delay over the whole window', () => {
    expect(backoffDelay(3, policy(0))).toBe(0);
    expect(backoffDelay(3, policy(0.5))).toBe(1000);
  });
});
