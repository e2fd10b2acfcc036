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

/** Username and password against the account table, with lockout after repeated failures. */
export const localPasswordProvider: IdentityProvider<{ username: string; password: string }> = {
  name: 'local-password',
  async verify(tx, { username, password }) {
    const found = await tx.query<{ principal_id: string; password_hash: string; locked: boolean }>(
      `SELECT principal_id, password_hash, coalesce(locked_until > now(), false) AS locked
         FROM account WHERE username = $1 FOR UPDATE`,
      [username],
    );
    const account = found.rows[0];
    if (!account) {
      await verifyAgainstDecoy(password);
      return { kind: 'rejected' };
    }
    if (account.locked) return { kind: 'locked' };
    if (await verifyPassword(account.password_hash, password)) {
      await tx.query('UPDATE account SET failed_logins = 0, locked_until = NULL WHERE principal_id = $1', [
        account.principal_id,
      ]);
      return { kind: 'verified', principalId: account.principal_id };
    }
    const failed = await tx.query<{ locked: boolean }>(
      `UPDATE account
          SET failed_logins = CASE WHEN failed_logins + 1 >= $2 THEN 0 ELSE failed_logins + 1 END,
              locked_until = CASE WHEN failed_logins + 1 >= $2 THEN now() + make_interval(mins => $3) END
        WHERE principal_id = $1
        RETURNING locked_until IS NOT NULL AS locked`,
      [account.principal_id, LOCKOUT_THRESHOLD, LOCKOUT_MINUTES],
    );
    return failed.rows[0]?.locked ? { kind: 'locked' } : { kind: 'rejected' };
  },
};
