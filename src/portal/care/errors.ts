/**
 * How a clinical use case refuses, whoever asked: a route answers it with an HTTP status
 * (errors.ts), a sync mutation with a rejection (sync/rejection.ts). `misconfigured` is the
 * clinic's configuration at fault, not the request: no client can fix it by asking differently.
 */
export type CareErrorKind = 'invalid' | 'not-found' | 'forbidden' | 'conflict' | 'misconfigured';

const DEFAULT_CODE: Record<CareErrorKind, string> = {
  invalid: 'invalid_request',
  'not-found': 'not_found',
  forbidden: 'forbidden',
  conflict: 'conflict',
  misconfigured: 'invalid_configuration',
};

/**
 * A clinical use case refused: its kind, a stable code an API client can act on (e.g.
 * `no_active_programme`), and details where they help (the scoring errors). Thrown inside the
 * caller's transaction, so nothing the use case wrote is kept.
 */
export class CareError extends Error {
  readonly code: string;
  readonly details: unknown;

  constructor(
    readonly kind: CareErrorKind,
    message: string,
    options: { code?: string; details?: unknown } = {},
  ) {
    super(message);
    this.name = 'CareError';
    this.code = options.code ?? DEFAULT_CODE[kind];
    this.details = options.details;
  }
}

/**
 * One answer for "no such record" and "not yours": a caller outside a patient's scope cannot tell
 * whether the id exists.
 */
export const recordNotFound = (what: string) => new CareError('not-found', `${what} not found`);
