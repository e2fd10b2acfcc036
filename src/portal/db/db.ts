/**
 * The portal's one way to the database. Two implementations speak the same SQL: PostgreSQL
 * through a `pg` pool (production, several instances) and PGlite (embedded, tests, the demo).
 */

export interface QueryResult<Row> {
  rows: Row[];
  rowCount: number;
}

export interface Queryable {
  query<Row = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<QueryResult<Row>>;
}

export interface Db extends Queryable {
  readonly kind: 'postgres' | 'pglite';
  /** Runs fn in one read-committed transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /**
   * Calls onPayload for every NOTIFY on channel, from any connection; resolves once listening.
   * onResume is called when listening resumes after the connection was lost: notifications sent
   * in between are gone, so the listener must catch up another way.
   */
  listen(channel: string, onPayload: (payload: string) => void, onResume?: () => void): Promise<void>;
  close(): Promise<void>;
}

/** The database cannot be reached (down, restarting, connection lost): answered with 503. */
export class DbUnavailableError extends Error {
  constructor(cause: unknown) {
    super('database unavailable', { cause });
    this.name = 'DbUnavailableError';
  }
}

/** A PostgreSQL error's SQLSTATE code, if it carries one. */
export const sqlState = (error: unknown): string | undefined =>
  typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string'
    ? error.code
    : undefined;

const NODE_CONNECTION_ERRORS = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND']);

/**
 * Errors that mean "the server or the connection went away", not "this query is wrong":
 * SQLSTATE class 08 (connection exception), 57P01-57P03 (shutdown, cannot connect now),
 * 53300 (too many connections), and the socket errors node-postgres surfaces.
 */
export function isConnectionLoss(error: unknown): boolean {
  const code = sqlState(error);
  if (code !== undefined) {
    return (
      code.startsWith('08') ||
      /^57P0[123]$/.test(code) ||
      code === '53300' ||
      NODE_CONNECTION_ERRORS.has(code)
    );
  }
  return (
    error instanceof Error &&
    /Connection terminated|connection timeout|Client has encountered a connection error/i.test(error.message)
  );
}
