import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { principalById } from '../auth/principalLookup';
import type { Caller } from '../auth/principal';
import type { Db, Queryable } from '../db/db';

/**
 * Browser sessions for the patient pages: a random token in an HttpOnly, SameSite=Strict cookie
 * (Secure unless the page was asked for on loopback), its SHA-256 in `web_session`. A session
 * idle for IDLE_MINUTES is over; every page view counts as activity.
 */
export const SESSION_COOKIE = 'mestring_sesjon';
export const IDLE_MINUTES = 15;
export const PAGES_PATH = '/pasient';

const hash = (token: string) => createHash('sha256').update(token).digest();

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);
/** Cookies need https except on this machine, where the demo and the tests run plain http. */
export const isLoopback = (request: FastifyRequest) => LOOPBACK.has(request.hostname);

export function setSessionCookie(request: FastifyRequest, reply: FastifyReply, token: string): void {
  reply.setCookie(SESSION_COOKIE, token, {
    path: PAGES_PATH,
    httpOnly: true,
    sameSite: 'strict',
    secure: !isLoopback(request),
  });
}

export function clearSessionCookie(request: FastifyRequest, reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, {
    path: PAGES_PATH,
    httpOnly: true,
    sameSite: 'strict',
    secure: !isLoopback(request),
  });
}

export async function startWebSession(tx: Queryable, principalId: string): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await tx.query('INSERT INTO web_session (id, token_hash, principal_id) VALUES ($1, $2, $3)', [
    randomUUID(),
    hash(token),
    principalId,
  ]);
  return token;
}

/**
 * The caller behind a session cookie, counting this request as activity; null when the session
 * is unknown, signed out or idle too long, or its account no longer acts.
 */
export async function webSessionCaller(db: Db, token: string, requestId: string): Promise<Caller | null> {
  const touched = await db.query<{ id: string; principal_id: string }>(
    `UPDATE web_session SET last_seen_at = now()
      WHERE token_hash = $1 AND ended_at IS NULL AND last_seen_at > now() - make_interval(mins => $2)
      RETURNING id, principal_id`,
    [hash(token), IDLE_MINUTES],
  );
  const session = touched.rows[0];
  if (!session) return null;
  const principal = await principalById(db, session.principal_id);
  if (!principal) return null;
  return { principal: { ...principal, sessionId: session.id }, requestId };
}

export async function endWebSession(db: Db, token: string): Promise<void> {
  await db.query('UPDATE web_session SET ended_at = now() WHERE token_hash = $1 AND ended_at IS NULL', [
    hash(token),
  ]);
}

/** Sessions ended or idle for a day are deleted by the retention job. */
export async function pruneWebSessions(db: Db): Promise<number> {
  const deleted = await db.query(
    "DELETE FROM web_session WHERE coalesce(ended_at, last_seen_at) < now() - interval '1 day'",
  );
  return deleted.rowCount;
}
