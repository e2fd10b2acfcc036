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
  loginRateLimit: { max: number; timeWindowMs: number };
}

export const DEFAULT_LOGIN_RATE_LIMIT = { max: 20, timeWindowMs: 60_000 };

/** The shared state of one portal instance on a database, listening for other instances' news. */
export async function createPortalContext(
  db: Db,
  loginRateLimit = DEFAULT_LOGIN_RATE_LIMIT,
): Promise<PortalContext & { stop(): void }> {
  const nudges = new NudgeHub();
  const sessions = new SessionCache();
  await nudges.start(db);
  await sessions.start(db);
  return { db, epoch: await serverEpoch(db), nudges, sessions, loginRateLimit, stop: () => nudges.stop() };
}
