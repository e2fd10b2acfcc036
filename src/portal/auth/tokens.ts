import { createCipheriv, createDecipheriv, createHash, randomBytes, randomUUID } from 'node:crypto';
import { REFRESH_GRACE_SECONDS } from '../../shared/contracts/auth';
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
  return (await issueTokenRow(tx, principalId, familyId)).tokens;
}

async function issueTokenRow(
  tx: Queryable,
  principalId: string,
  familyId: string,
): Promise<{ id: string; tokens: IssuedTokens }> {
  const id = randomUUID();
  const accessToken = newToken('at');
  const refreshToken = newToken('rt');
  await tx.query(
    `INSERT INTO session (id, family_id, principal_id, access_hash, access_expires_at, refresh_hash, refresh_expires_at)
     VALUES ($1, $2, $3, $4, now() + make_interval(secs => $5), $6, now() + make_interval(secs => $7))`,
    [
      id,
      familyId,
      principalId,
      tokenHash(accessToken),
      ACCESS_TOKEN_SECONDS,
      tokenHash(refreshToken),
      REFRESH_TOKEN_SECONDS,
    ],
  );
  return { id, tokens: { accessToken, refreshToken, expiresIn: ACCESS_TOKEN_SECONDS } };
}

export type RefreshOutcome<P> =
  | { kind: 'rotated'; principal: P; tokens: IssuedTokens }
  | { kind: 'unknown' | 'expired' | 'revoked' | 'inactive' }
  | { kind: 'reused'; familyId: string };

interface PresentedSession {
  id: string;
  family_id: string;
  principal_id: string;
  revoked: boolean;
  expired: boolean;
  replaced: boolean;
  in_grace: boolean;
  successor_id: string | null;
  successor_sealed: Uint8Array | null;
}

/**
 * Rotates a refresh token: the presented one is spent and a new pair joins its family. Presenting
 * the spent token again within REFRESH_GRACE_SECONDS returns that same new pair (the first answer
 * was lost, or several requests refreshed at once). Presenting it after the window means it was
 * copied: the whole family is revoked, the thief's and the owner's sessions alike, and both must
 * log in again. A token whose principal `principalOf` no longer finds (a deactivated account) is
 * refused before anything is spent.
 */
export async function rotateRefreshToken<P>(
  tx: Queryable,
  refreshToken: string,
  principalOf: (tx: Queryable, principalId: string) => Promise<P | null>,
): Promise<RefreshOutcome<P>> {
  const found = await tx.query<PresentedSession>(
    `SELECT id, family_id, principal_id, successor_id, successor_sealed,
            revoked_at IS NOT NULL AS revoked,
            refresh_expires_at <= now() AS expired,
            replaced_at IS NOT NULL AS replaced,
            replaced_at > now() - make_interval(secs => $2) AS in_grace
       FROM session WHERE refresh_hash = $1 FOR UPDATE`,
    [tokenHash(refreshToken), REFRESH_GRACE_SECONDS],
  );
  const session = found.rows[0];
  if (!session) return { kind: 'unknown' };
  if (session.revoked) return { kind: 'revoked' };
  if (session.replaced) {
    const again = session.in_grace ? await successorAgain(tx, session, refreshToken) : null;
    if (again) {
      const principal = await principalOf(tx, session.principal_id);
      return principal ? { kind: 'rotated', principal, tokens: again } : { kind: 'inactive' };
    }
    await revokeFamily(tx, session.family_id);
    return { kind: 'reused', familyId: session.family_id };
  }
  if (session.expired) return { kind: 'expired' };
  const principal = await principalOf(tx, session.principal_id);
  if (!principal) return { kind: 'inactive' };
  const { id: successorId, tokens } = await issueTokenRow(tx, session.principal_id, session.family_id);
  await tx.query(
    'UPDATE session SET replaced_at = now(), successor_id = $2, successor_sealed = $3 WHERE id = $1',
    [session.id, successorId, sealSuccessor(refreshToken, tokens)],
  );
  return { kind: 'rotated', principal, tokens };
}

/**
 * The pair a spent token was exchanged for, if that pair is still the family's live one (never
 * refreshed itself, nor revoked); its access token keeps its original expiry.
 */
async function successorAgain(
  tx: Queryable,
  session: PresentedSession,
  refreshToken: string,
): Promise<IssuedTokens | null> {
  if (!session.successor_id || !session.successor_sealed) return null;
  const successor = await tx.query<{ expires_in: number }>(
    `SELECT greatest(1, ceil(extract(epoch FROM access_expires_at - now())))::int AS expires_in
       FROM session WHERE id = $1 AND replaced_at IS NULL AND revoked_at IS NULL`,
    [session.successor_id],
  );
  const live = successor.rows[0];
  if (!live) return null;
  const pair = openSuccessor(refreshToken, session.successor_sealed);
  return { ...pair, expiresIn: live.expires_in };
}

/**
 * The successor pair is kept encrypted (AES-256-GCM) under a key derived from the spent refresh
 * token, whose plaintext the portal never stores: only the holder of that token can read it back.
 */
function successorKey(refreshToken: string): Buffer {
  return createHash('sha256').update('session-successor\0').update(refreshToken).digest();
}

function sealSuccessor(refreshToken: string, tokens: IssuedTokens): Buffer {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', successorKey(refreshToken), iv);
  const plain = JSON.stringify({ accessToken: tokens.accessToken, refreshToken: tokens.refreshToken });
  const sealed = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), sealed]);
}

function openSuccessor(
  refreshToken: string,
  sealed: Uint8Array,
): { accessToken: string; refreshToken: string } {
  const decipher = createDecipheriv('aes-256-gcm', successorKey(refreshToken), sealed.subarray(0, 12));
  decipher.setAuthTag(sealed.subarray(12, 28));
  const plain = Buffer.concat([decipher.update(sealed.subarray(28)), decipher.final()]).toString('utf8');
  return JSON.parse(plain) as { accessToken: string; refreshToken: string };
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
