import { join } from 'node:path';
import type { CacheKeys } from '../vault/cache-keys';
import { Cache } from './cache';
import { cacheFileExists, deleteCacheFiles } from './database';
import { CacheKeyMissingError } from './errors';
import { type SalvagedMutation, salvageOutbox } from './salvage';

/** Where one account's cache lives: the file name is a hash, never a name or an address. */
export function cachePathFor(cacheDir: string, cacheId: string): string {
  return join(cacheDir, `${cacheId}.sqlite`);
}

/**
 * Open the account's cache with its key from the keychain, creating both on first use. Throws
 * CacheKeyMissingError, CacheWrongKeyError or CacheCorruptError when an existing file cannot be
 * used, and KeychainUnavailableError when there is no keychain (nothing is created then).
 */
export async function openAccountCache(
  keys: CacheKeys,
  cacheDir: string,
  cacheId: string,
  now?: () => Date,
): Promise<Cache> {
  const path = cachePathFor(cacheDir, cacheId);
  const stored = await keys.load(cacheId);
  if (cacheFileExists(path)) {
    if (!stored) throw new CacheKeyMissingError();
    return Cache.open({ path, key: stored, now });
  }
  return Cache.open({ path, key: stored ?? (await keys.create(cacheId)), now });
}

/** The pending mutations of the account's damaged cache, if they can still be read (see salvage.ts). */
export async function salvageAccountOutbox(
  keys: CacheKeys,
  cacheDir: string,
  cacheId: string,
): Promise<SalvagedMutation[] | null> {
  const key = await keys.load(cacheId);
  return key ? salvageOutbox(cachePathFor(cacheDir, cacheId), key) : null;
}

/** Delete the account's cache files and then its key. A cache object on it must be closed first. */
export async function wipeAccountCache(keys: CacheKeys, cacheDir: string, cacheId: string): Promise<void> {
  deleteCacheFiles(cachePathFor(cacheDir, cacheId));
  await keys.delete(cacheId);
}
