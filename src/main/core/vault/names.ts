import { createHash } from 'node:crypto';

// Names under which secrets are filed, and the cache file's name. Keychains show these names to
// anyone who lists them, so they are hashes: no portal address, username or person in clear.

function digest(...parts: string[]): string {
  return createHash('sha256').update(parts.join('\n')).digest('hex').slice(0, 32);
}

/** Identifies one (portal, staff account) cache: its file name and its key's name derive from it. */
export function cacheIdFor(portalOrigin: string, staffId: string): string {
  return digest('cache', new URL(portalOrigin).origin, staffId);
}

export function cacheKeyName(cacheId: string): string {
  return `cache-key:${cacheId}`;
}

/** One session per portal on this computer: the refresh token is filed by portal. */
export function refreshTokenName(portalOrigin: string): string {
  return `refresh-token:${digest('refresh', new URL(portalOrigin).origin)}`;
}

/** Who is signed in to a portal on this computer (see workstation/session-record.ts). */
export function sessionRecordName(portalOrigin: string): string {
  return `session:${digest('session', new URL(portalOrigin).origin)}`;
}
