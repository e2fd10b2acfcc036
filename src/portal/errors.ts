import { CareError, type CareErrorKind } from './care/errors';

/** An error with its HTTP status and stable code, answered as `{ error: { code, message } }`. */
export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

/**
 * One answer for "no such record" and "not yours": a caller outside a patient's scope cannot tell
 * whether the id exists.
 */
export const notFound = (what = 'resource') => new HttpError(404, 'not_found', `${what} not found`);

const STATUS_OF: Record<CareErrorKind, number> = {
  invalid: 400,
  'not-found': 404,
  forbidden: 403,
  conflict: 409,
  misconfigured: 500,
};

/** The HTTP answer to an error with one: a route's own, or a clinical use case's refusal. */
export function httpErrorOf(error: unknown): HttpError | null {
  if (error instanceof HttpError) return error;
  if (error instanceof CareError)
    return new HttpError(STATUS_OF[error.kind], error.code, error.message, error.details);
  return null;
}
