/**
 * The pull cursor, opaque to clients. Two phases:
 * - snapshot: an initial sync walks the caller's patients in id order (`after`), all as of the
 *   change-log horizon `xmin` taken when it began;
 * - log: the position (txid, seq) of the last change-log row the caller has been served.
 * Both carry the database's epoch, so a cursor from another (wiped, reseeded) database is refused.
 */
export type Cursor =
  | { epoch: string; phase: 'snapshot'; xmin: string; after: string | null }
  | { epoch: string; phase: 'log'; txid: string; seq: string };

export const encodeCursor = (cursor: Cursor): string =>
  Buffer.from(
    JSON.stringify(
      cursor.phase === 'snapshot'
        ? ['s', cursor.epoch, cursor.xmin, cursor.after]
        : ['l', cursor.epoch, cursor.txid, cursor.seq],
    ),
  ).toString('base64url');

const DIGITS = /^\d{1,19}$/;
/** Transaction ids and sequence numbers are 64-bit; PostgreSQL refuses anything larger. */
const INT64_MAX = 2n ** 63n - 1n;
const isPosition = (value: unknown): value is string =>
  typeof value === 'string' && DIGITS.test(value) && BigInt(value) <= INT64_MAX;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The cursor, or null when the text is not one this server ever made. */
export function decodeCursor(text: string): Cursor | null {
  let parts: unknown;
  try {
    parts = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  if (!Array.isArray(parts) || parts.length !== 4 || typeof parts[1] !== 'string') return null;
  const [phase, epoch, a, b] = parts as unknown[];
  if (typeof epoch !== 'string' || !isPosition(a)) return null;
  if (phase === 's' && (b === null || (typeof b === 'string' && UUID.test(b)))) {
    return { epoch, phase: 'snapshot', xmin: a, after: b };
  }
  if (phase === 'l' && isPosition(b)) return { epoch, phase: 'log', txid: a, seq: b };
  return null;
}

/** Orders change-log positions (txid, seq); both are decimal strings of 64-bit integers. */
export function comparePositions(a: { txid: string; seq: string }, b: { txid: string; seq: string }): number {
  const byTxid = BigInt(a.txid) - BigInt(b.txid);
  if (byTxid !== 0n) return byTxid < 0n ? -1 : 1;
  const bySeq = BigInt(a.seq) - BigInt(b.seq);
  return bySeq === 0n ? 0 : bySeq < 0n ? -1 : 1;
}
