/** Exponential backoff with "full jitter": a random delay in [0, min(cap, base * 2^attempt)). */
export interface BackoffPolicy {
  baseMs: number;
  capMs: number;
  /** A number in [0, 1); injectable so tests are deterministic. */
  random: () => number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 500, capMs: 60_000, random: Math.random };

/** Delay before retry number `attempt` (1 for the first retry). */
export function backoffDelay(attempt: number, policy: BackoffPolicy): number {
  // Spreading retries over the whole window keeps a clinic's workstations from all hitting a
  // recovering portal at the same instant.
  const exponent = Math.min(Math.max(attempt - 1, 0), 30);
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** exponent);
  return Math.floor(policy.random() * ceiling);
}
