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
