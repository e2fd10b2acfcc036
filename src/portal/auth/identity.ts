import { createHash } from 'node:crypto';
import type { Queryable } from '../db/db';
import { verifyAgainstDecoy, verifyPassword } from './passwords';

/** Consecutive failed logins that lock an account, and for how long. */
export const LOCKOUT_THRESHOLD = 5;
export const LOCKOUT_MINUTES = 15;

export type IdentityOutcome =
  { kind: 'verified'; principalId: string } | { kind: 'rejected' } | { kind: 'locked' };

/**
 * Proves who someone is and names the principal they act as. The portal's tokens, scoping and
 * audit start after this point, so a new way to log in is a new IdentityProvider and nothing else.
 * See README.md in this folder for how HelseID and ID-porten plug in.
 */
export interface IdentityProvider<Credentials> {
  readonly name: string;
  verify(tx: Queryable, credentials: Credentials): Promise<IdentityOutcome>;
}

/**
 * Username and password against the account table, with lockout after repeated failures. Failures
 * are counted per username whether or not an account has it, so an unknown name is locked out
 * just like a real one and the answers never tell the two apart.
 */
export const localPasswordProvider: IdentityProvider<{ username: string; password: string }> = {
  name: 'local-password',
  async verify(tx, { username, password }) {
    const nameHash = createHash('sha256').update(username, 'utf8').digest();
    const lock = await tx.query<{ locked: boolean }>(
      'SELECT coalesce(locked_until > now(), false) AS locked FROM login_failure WHERE username_hash = $1 FOR UPDATE',
      [nameHash],
    );
    if (lock.rows[0]?.locked) return { kind: 'locked' };
    const found = await tx.query<{ principal_id: string; password_hash: string | null }>(
      'SELECT principal_id, password_hash FROM account WHERE username = $1',
      [username],
    );
    const account = found.rows[0];
    // An account waiting for its setup link has no password: it answers like an unknown name.
    const hash = account?.password_hash ?? null;
    if (account && hash !== null && (await verifyPassword(hash, password))) {
      await tx.query('DELETE FROM login_failure WHERE username_hash = $1', [nameHash]);
      return { kind: 'verified', principalId: account.principal_id };
    }
    if (hash === null) await verifyAgainstDecoy(password);
    // One upsert, so concurrent failures for a name are all counted.
    const failed = await tx.query<{ locked: boolean }>(
      `INSERT INTO login_failure AS f (username_hash, failed_logins) VALUES ($1, 1)
       ON CONFLICT (username_hash) DO UPDATE
          SET last_failed_at = now(),
              failed_logins = CASE WHEN f.failed_logins + 1 >= $2 THEN 0 ELSE f.failed_logins + 1 END,
              locked_until = CASE WHEN f.failed_logins + 1 >= $2 THEN now() + make_interval(mins => $3) END
       RETURNING locked_until IS NOT NULL AS locked`,
      [nameHash, LOCKOUT_THRESHOLD, LOCKOUT_MINUTES],
    );
    return failed.rows[0]?.locked ? { kind: 'locked' } : { kind: 'rejected' };
  },
};
