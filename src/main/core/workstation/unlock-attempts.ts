/**
 * How many wrong passwords the lock screen takes. The first few are answered at once (typos),
 * then each needs a growing wait before the password is checked again, and the tenth signs the
 * session out: the cache is wiped, with the usual decision about unsent changes first. Whoever
 * holds the unlocked-looking laptop gets ten guesses, not a dictionary.
 *
 * Pure: the caller keeps the state (one per session) and passes the time. Use a monotonic clock
 * (`performance.now()`), which the user cannot set forward to skip a wait.
 */

export const UNLOCK_ATTEMPT_LIMIT = 10;
/** Failures answered without a wait. */
const FAILURES_WITHOUT_WAIT = 3;
const FIRST_WAIT_MS = 2_000;
const LONGEST_WAIT_MS = 60_000;

export interface UnlockAttempts {
  /** Wrong passwords since the session was last unlocked (or opened). */
  readonly failures: number;
  /** The time (on the caller's clock, ms) before which no password is checked. */
  readonly retryAt: number;
}

export const NO_FAILED_ATTEMPTS: UnlockAttempts = { failures: 0, retryAt: 0 };

/** The wait after the given number of failures: none at first, then doubling up to a minute. */
export function waitAfterFailures(failures: number): number {
  if (failures <= FAILURES_WITHOUT_WAIT) return 0;
  return Math.min(FIRST_WAIT_MS * 2 ** (failures - FAILURES_WITHOUT_WAIT - 1), LONGEST_WAIT_MS);
}

/**
 * Before checking a password: too early is refused without checking it (so a wait cannot be
 * skipped by a right guess) and without counting it.
 */
export function beforeUnlockAttempt(
  attempts: UnlockAttempts,
  now: number,
): { kind: 'check' } | { kind: 'wait'; retryAt: number } {
  return now < attempts.retryAt ? { kind: 'wait', retryAt: attempts.retryAt } : { kind: 'check' };
}

export type AfterFailedUnlock =
  /** Keep `attempts` for the next try; tell the user when it is allowed and how many are left. */
  | { kind: 'retry'; attempts: UnlockAttempts; retryAt: number; remaining: number }
  /** The limit is reached: sign the session out. */
  | { kind: 'sign-out' };

/** After a wrong password. (After the right one the state starts over: NO_FAILED_ATTEMPTS.) */
export function afterFailedUnlock(attempts: UnlockAttempts, now: number): AfterFailedUnlock {
  const failures = attempts.failures + 1;
  if (failures >= UNLOCK_ATTEMPT_LIMIT) return { kind: 'sign-out' };
  const retryAt = now + waitAfterFailures(failures);
  return {
    kind: 'retry',
    attempts: { failures, retryAt },
    retryAt,
    remaining: UNLOCK_ATTEMPT_LIMIT - failures,
  };
}
