import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Queryable } from '../db/db';

/** Kept here, not in sessionCache.ts, so that revoking needs nothing but the transaction. */
export const REVOKE_CHANNEL = 'portal_revoke';

/** Lifetimes. The access token is short so a revoked session stops quickly even in caches. */
export const ACCESS_TOKEN_SECONDS = 10 * 60;
export const REFRESH_TOKEN_SECONDS = 12 * 60 * 60;

/** Tokens are opaque random strings; only their SHA-256 is stored, so a database leak grants nothing. */
const newToken = (prefix: string) => `${prefix}_${randomBytes(32).toString('base64url')}`;
export const tokenHash = (token: string): Buffer => createHash('sha256').update(token).digest();

export interface IssuedTokens {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
}

/** Issues an access and refresh token pair in a session family (a new family at login). */
export async function issueTokens(
  tx: Queryable,
  principalId: string,
  familyId: string = randomUUID(),
): Promise<IssuedTokens> {
  const accessToken = newToken('at');
  const refreshToken = newToken('rt');
  await tx.query(
    `INSERT INTO session (id, family_id, principal_id, access_hash, access_expires_at, refresh_hash, refresh_expires_at)
     VALUES ($1, $2, $3, $4, now() + make_interval(secs => $5), $6, now() + make_interval(secs => $7))`,
    [
      randomUUID(),
      familyId,
      principalId,
      tokenHash(accessToken),
      ACCESS_TOKEN_SECONDS,
      tokenHash(refreshToken),
      REFRESH_TOKEN_SECONDS,
    ],
  );
  return { accessToken, refreshToken, expiresIn: ACCESS_TOKEN_SECONDS };
}

export type RefreshOutcome<P> =
  | { kind: 'rotated'; principal: P; tokens: IssuedTokens }
  | { kind: 'invalid' }
  | { kind: 'inactive' }
  | { kind: 'reused'; familyId: string };

/**
 * Rotates a refresh token: the presented one is spent and a new pair joins its family. Presenting
 * a spent token again means it was copied: the whole family is revoked, the thief's and the
 * owner's sessions alike, and both must log in again. A token whose principal `principalOf` no
 * longer finds (a deactivated account) is refused before anything is spent.
 */
export async function rotateRefreshToken<P>(
  tx: Queryable,
  refreshToken: string,
  principalOf: (tx: Queryable, principalId: string) => Promise<P | null>,
): Promise<RefreshOutcome<P>> {
  const found = await tx.query<{
    family_id: string;
    principal_id: string;
    replaced: boolean;
    usable: boolean;
  }>(
    `SELECT family_id, principal_id, replaced_at IS NOT NULL AS replaced,
            revoked_at IS NULL AND refresh_expires_at > now() AS usable
       FROM session WHERE refresh_hash = $1 FOR UPDATE`,
    [tokenHash(refreshToken)],
  );
  const session = found.rows[0];
  if (!session) return { kind: 'invalid' };
  if (session.replaced) {
    await revokeFamily(tx, session.family_id);
    return { kind: 'reused', familyId: session.family_id };
  }
  if (!session.usable) return { kind: 'invalid' };
  const principal = await principalOf(tx, session.principal_id);
  if (!principal) return { kind: 'inactive' };
  await tx.query('UPDATE session SET replaced_at = now() WHERE refresh_hash = $1', [tokenHash(refreshToken)]);
  const tokens = await issueTokens(tx, session.principal_id, session.family_id);
  return { kind: 'rotated', principal, tokens };
}

/** Revokes every token of a family and, on commit, tells every portal instance to forget them. */
export async function revokeFamily(tx: Queryable, familyId: string): Promise<void> {
  await tx.query('UPDATE session SET revoked_at = now() WHERE family_id = $1 AND revoked_at IS NULL', [
    familyId,
  ]);
  await tx.query(`SELECT pg_notify('${REVOKE_CHANNEL}', $1::text)`, [familyId]);
}

/** Revokes the session family an access token belongs to (logout); returns the family. */
export async function revokeSessionOf(tx: Queryable, sessionId: string): Promise<string | null> {
  const found = await tx.query<{ family_id: string }>('SELECT family_id FROM session WHERE id = $1', [
    sessionId,
  ]);
  const familyId = found.rows[0]?.family_id;
  if (!familyId) return null;
  await revokeFamily(tx, familyId);
  return familyId;
}
