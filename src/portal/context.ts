import { SessionCache } from './auth/sessionCache';
import type { Db } from './db/db';
import { NudgeHub } from './sync/nudge';
import { serverEpoch } from './sync/pull';

/** What every route plugin is given. */
export interface PortalContext {
  db: Db;
  /** The database's epoch (see sync/cursor.ts). */
  epoch: string;
  nudges: NudgeHub;
  sessions: SessionCache;
  loginRateLimit: LoginRateLimit;
}

/** Login attempts per window: `max` per address and username, `maxPerAddress` over all usernames. */
export interface LoginRateLimit {
  max: number;
  timeWindowMs: number;
  maxPerAddress: number;
}

export const DEFAULT_LOGIN_RATE_LIMIT: LoginRateLimit = { max: 20, timeWindowMs: 60_000, maxPerAddress: 100 };

/** The shared state of one portal instance on a database, listening for other instances' news. */
export async function createPortalContext(
  db: Db,
  limits: Omit<LoginRateLimit, 'maxPerAddress'> & { maxPerAddress?: number } = DEFAULT_LOGIN_RATE_LIMIT,
): Promise<PortalContext & { stop(): void }> {
  // An address may try a few names (several people behind one office NAT), not a list of them.
  const loginRateLimit = { maxPerAddress: limits.max * 5, ...limits };
  const nudges = new NudgeHub();
  const sessions = new SessionCache();
  await nudges.start(db);
  await sessions.start(db);
  return { db, epoch: await serverEpoch(db), nudges, sessions, loginRateLimit, stop: () => nudges.stop() };
}
