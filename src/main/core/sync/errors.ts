import { isAxiosError } from 'axios';
import { ApiError } from '../../../shared/contracts/auth';

/**
 * How a request to the portal failed, which decides what the engine does next:
 * - `offline`: no answer at all (refused, reset, timed out); retry with backoff, show offline.
 * - `server`: the portal answered 5xx or 429; retry with backoff.
 * - `malformed`: the answer did not match the contract; never applied, retried with backoff.
 * - `rejected`: the portal refused the request itself (4xx); retrying the same request will not help.
 * - `expired`: the refresh token expired (or is unknown): sign in again; nothing local is lost.
 * - `revoked`: the portal ended the session for good (family revoked, account deactivated): the
 *   user sees what is unsent and decides before the cache goes.
 */
export type FailureKind = 'offline' | 'server' | 'malformed' | 'rejected' | 'expired' | 'revoked';

/**
 * A failure safe to show and store: a stable code and our own wording. It never carries a
 * request or response body, so no patient data can leak through status or logs.
 */
export class SyncFailure extends Error {
  override readonly name = 'SyncFailure';
  constructor(
    readonly kind: FailureKind,
    readonly code: string,
    message: string,
    readonly httpStatus?: number,
  ) {
    super(message);
  }

  /** Worth retrying later with the same request. */
  get transient(): boolean {
    return this.kind === 'offline' || this.kind === 'server' || this.kind === 'malformed';
  }
}

export function isSyncFailure(error: unknown): error is SyncFailure {
  return error instanceof SyncFailure;
}

/** The portal session is over until the user signs in again (see FailureKind). */
export function endsSession(failure: SyncFailure): boolean {
  return failure.kind === 'expired' || failure.kind === 'revoked';
}

/** Classify anything axios (or our own parsing) threw into a SyncFailure. */
export function toSyncFailure(error: unknown): SyncFailure {
  if (error instanceof SyncFailure) return error;
  if (!isAxiosError(error)) return new SyncFailure('server', 'internal', 'Unexpected sync failure');
  const response = error.response;
  if (!response) {
    return new SyncFailure('offline', error.code ?? 'network', 'The portal cannot be reached');
  }
  const status = response.status;
  const parsed = ApiError.safeParse(parseMaybeJson(response.data));
  const serverCode = parsed.success ? parsed.data.error.code : `http-${status}`;
  if (status >= 500 || status === 429) {
    return new SyncFailure('server', serverCode, `The portal answered with an error (${status})`, status);
  }
  return new SyncFailure('rejected', serverCode, `The portal refused the request (${status})`, status);
}

function parseMaybeJson(data: unknown): unknown {
  if (typeof data !== 'string') return data;
  try {
    return JSON.parse(data);
  } catch {
    return undefined;
  }
}
