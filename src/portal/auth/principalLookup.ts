import type { Queryable } from '../db/db';
import type { AuthenticatedPrincipal } from './principal';
import { tokenHash } from './tokens';

const PRINCIPAL_SQL = `
  SELECT a.principal_id AS id, a.kind, coalesce(st.role, 'patient') AS role,
         coalesce(st.display_name, p.given_name || ' ' || p.family_name) AS "displayName"
    FROM account a
    LEFT JOIN staff st ON a.kind = 'staff' AND st.id = a.principal_id
    LEFT JOIN patient p ON a.kind = 'patient' AND p.id = a.principal_id
   WHERE a.principal_id = $1 AND (a.kind = 'patient' OR st.active)`;

/** The principal behind a live access token, or null when it is unknown, expired or revoked. */
export async function principalForAccessToken(
  db: Queryable,
  token: string,
): Promise<(AuthenticatedPrincipal & { familyId: string; expiresAt: Date }) | null> {
  const result = await db.query<AuthenticatedPrincipal & { familyId: string; expiresAt: Date }>(
    `SELECT s.id AS "sessionId", s.family_id AS "familyId", s.access_expires_at AS "expiresAt", who.*
       FROM session s, LATERAL (${PRINCIPAL_SQL.replace('$1', 's.principal_id')}) who
      WHERE s.access_hash = $1 AND s.access_expires_at > now() AND s.revoked_at IS NULL`,
    [tokenHash(token)],
  );
  return result.rows[0] ?? null;
}

/** The principal an account id acts as (after login or refresh). */
export async function principalById(db: Queryable, principalId: string) {
  const result = await db.query<Omit<AuthenticatedPrincipal, 'sessionId'>>(PRINCIPAL_SQL, [principalId]);
  return result.rows[0] ?? null;
}
