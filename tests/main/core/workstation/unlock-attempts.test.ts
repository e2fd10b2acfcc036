import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  NO_FAILED_ATTEMPTS,
  UNLOCK_ATTEMPT_LIMIT,
  afterFailedUnlock,
  beforeUnlockAttempt,
  waitAfterFailures,
  type UnlockAttempts,
} from '../../../../src/main/core/workstation/unlock-attempts';

/** Fails `count` times, each as soon as allowed, from time 0; returns the last answer. */
function failInARow(count: number) {
  let attempts = NO_FAILED_ATTEMPTS;
  let now = 0;
  let answer = null as ReturnType<typeof afterFailedUnlock> | null;
  for (let i = 0; i < count; i++) {
    now = Math.max(now, attempts.retryAt);
    expect(beforeUnlockAttempt(attempts, now)).toEqual({ kind: 'check' });
    answer = afterFailedUnlock(attempts, now);
    if (answer.kind === 'sign-out') break;
    attempts = answer.attempts;
  }
  return { answer: answer!, attempts, now };
}

describe('wrong passwords on the lock screen', () => {
  it('answers the first three at once (typos)', () => {
    const { answer } = failInARow(3);
    expect(answer).toMatchObject({ kind: 'retry', remaining: 7 });
    if (answer.kind === 'retry') expect(beforeUnlockAttempt(answer.attempts, 0)).toEqual({ kind: 'check' });
  });

  it('then waits before checking again, doubling up to a minute', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9].map(waitAfterFailures)).toEqual([
      0, 0, 0, 2_000, 4_000, 8_000, 16_000, 32_000, 60_000,
    ]);
  });

  it('refuses a try during the wait without checking or counting it, and allows it after', () => {
    const { answer, now } = failInARow(4);
    if (answer.kind !== 'retry') throw new Error('expected a retry');
    expect(answer.retryAt).toBe(now + 2_000);
    expect(beforeUnlockAttempt(answer.attempts, now + 1_999)).toEqual({ kind: 'wait', retryAt: now + 2_000 });
    expect(answer.attempts.failures).toBe(4);
    expect(beforeUnlockAttempt(answer.attempts, now + 2_000)).toEqual({ kind: 'check' });
  });

  it('signs out at the tenth, not before', () => {
    expect(failInARow(UNLOCK_ATTEMPT_LIMIT - 1).answer).toMatchObject({ kind: 'retry', remaining: 1 });
    expect(failInARow(UNLOCK_ATTEMPT_LIMIT).answer).toEqual({ kind: 'sign-out' });
  });

  it('gives any guesser at most ten checked passwords, never one before its time', () => {
    fc.assert(
      fc.property(fc.array(fc.nat({ max: 120_000 }), { maxLength: 60 }), (delays) => {
        let attempts: UnlockAttempts = NO_FAILED_ATTEMPTS;
        let now = 0;
        let checked = 0;
        let signedOut = false;
        for (const delay of delays) {
          if (signedOut) break;
          now += delay;
          if (beforeUnlockAttempt(attempts, now).kind === 'wait') continue;
          expect(now).toBeGreaterThanOrEqual(attempts.retryAt);
          checked++;
          const answer = afterFailedUnlock(attempts, now);
          if (answer.kind === 'sign-out') signedOut = true;
          else attempts = answer.attempts;
        }
        expect(checked).toBeLessThanOrEqual(UNLOCK_ATTEMPT_LIMIT);
        expect(signedOut).toBe(checked === UNLOCK_ATTEMPT_LIMIT);
      }),
    );
  });
});
