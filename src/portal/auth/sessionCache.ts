import type { Db, Queryable } from '../db/db';
import type { AuthenticatedPrincipal } from './principal';
import { principalForAccessToken } from './principalLookup';
import { REVOKE_CHANNEL, tokenHash } from './tokens';
/** How long a looked-up access token is trusted without asking the database again. */
export const SESSION_CACHE_MS = 10_000;
const MAX_ENTRIES = 50_000;

interface Entry {
  principal: AuthenticatedPrincipal;
  familyId: string;
  until: number;
}

/**
 * Access-token lookups, remembered briefly so a busy workstation does not cost a query per request.
 * Revocation stays immediate: the revoking instance evicts at once, and the others on the NOTIFY
 * that the revoking transaction sends on commit. If a notification were lost (listener
 * reconnecting), an entry still expires within SESSION_CACHE_MS.
 */
export class SessionCache {
  private readonly entries = new Map<string, Entry>();

  async start(db: Db): Promise<void> {
    await db.listen(REVOKE_CHANNEL, (familyId) => this.evictFamily(familyId));
  }

  async principalFor(db: Queryable, token: string): Promise<AuthenticatedPrincipal | null> {
    const key = tokenHash(token).toString('base64');
    const cached = this.entries.get(key);
    const now = Date.now();
    if (cached && cached.until > now) return cached.principal;
    this.entries.delete(key);
    const found = await principalForAccessToken(db, token);
    if (!found) return null;
    if (this.entries.size >= MAX_ENTRIES) this.entries.clear();
    const { familyId, expiresAt, ...principal } = found;
    this.entries.set(key, {
      principal,
      familyId,
      until: Math.min(now + SESSION_CACHE_MS, expiresAt.getTime()),
    });
    return principal;
  }

  evictFamily(familyId: string): void {
    for (const [key, entry] of this.entries) if (entry.familyId === familyId) this.entries.delete(key);
  }

  /** Every cached token of one account: after it was deactivated or its password reset here. */
  evictPrincipal(principalId: string): void {
    for (const [key, entry] of this.entries) if (entry.principal.id === principalId) this.entries.delete(key);
  }
}
