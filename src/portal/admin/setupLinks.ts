import { randomBytes } from 'node:crypto';
import type { SetupLink } from '../../shared/contracts/admin';
import { tokenHash } from '../auth/tokens';
import type { Queryable } from '../db/db';
import { PAGES_PATH } from '../pages/session';

/** How long a setup link works. Long enough to reach its owner, short enough not to linger. */
export const SETUP_LINK_HOURS = 72;

/** Where the setup page lives; the token rides in the query string, which no log keeps. */
export const SETUP_PATH = `${PAGES_PATH}/oppsett`;

/**
 * Issues a one-time setup link for an account: its owner chooses their own password there, so
 * nobody else ever knows it. Only the token's SHA-256 is stored; any older link for the account
 * stops working.
 */
export async function issueSetupLink(
  tx: Queryable,
  principalId: string,
  createdBy: string,
): Promise<SetupLink> {
  await revokeSetupLinks(tx, principalId);
  const token = `su_${randomBytes(32).toString('base64url')}`;
  const issued = await tx.query<{ expires_at: Date }>(
    `INSERT INTO account_setup (token_hash, principal_id, created_by, expires_at)
     VALUES ($1, $2, $3, now() + make_interval(hours => $4)) RETURNING expires_at`,
    [tokenHash(token), principalId, createdBy, SETUP_LINK_HOURS],
  );
  return { path: `${SETUP_PATH}?t=${token}`, expiresAt: issued.rows[0]!.expires_at.toISOString() };
}

/** Every unused link of an account stops working (a newer one, a deactivation). */
export async function revokeSetupLinks(tx: Queryable, principalId: string): Promise<void> {
  await tx.query('UPDATE account_setup SET used_at = now() WHERE principal_id = $1 AND used_at IS NULL', [
    principalId,
  ]);
}

export interface SetupLinkOwner {
  principalId: string;
  kind: 'staff' | 'patient';
  username: string;
}

/**
 * The account a live link belongs to (unused, unexpired, and for staff an active account), or
 * null. `forUpdate` locks the link row, so two submissions of one link cannot both use it.
 */
export async function setupLinkOwner(
  db: Queryable,
  token: string,
  { forUpdate = false } = {},
): Promise<SetupLinkOwner | null> {
  const found = await db.query<SetupLinkOwner>(
    `SELECT a.principal_id AS "principalId", a.kind, a.username
       FROM account_setup su
       JOIN account a ON a.principal_id = su.principal_id
       LEFT JOIN staff s ON s.id = a.principal_id
      WHERE su.token_hash = $1 AND su.used_at IS NULL AND su.expires_at > now()
        AND (a.kind = 'patient' OR s.active)
      ${forUpdate ? 'FOR UPDATE OF su' : ''}`,
    [tokenHash(token)],
  );
  return found.rows[0] ?? null;
}

/**
 * Sets the password of a live link's account and uses the link up, in the caller's transaction;
 * null (and nothing written) when the link is unknown, used or expired.
 */
export async function useSetupLink(
  tx: Queryable,
  token: string,
  passwordHash: string,
): Promise<SetupLinkOwner | null> {
  const owner = await setupLinkOwner(tx, token, { forUpdate: true });
  if (!owner) return null;
  await tx.query('UPDATE account SET password_hash = $2 WHERE principal_id = $1', [
    owner.principalId,
    passwordHash,
  ]);
  await revokeSetupLinks(tx, owner.principalId);
  return owner;
}
