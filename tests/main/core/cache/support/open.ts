import { Cache } from '../../../../../src/main/core/cache/cache';
import {
  type CacheDatabase,
  type CacheFile,
  encryptedCacheFile,
} from '../../../../../src/main/core/cache/database';

/**
 * Open a cache through the given file and keep the database handle the cache keeps to itself, for
 * tests (and the benchmark) that look at or damage the file below the cache's parts.
 */
export function openWithHandle(file: CacheFile): { cache: Cache; db: CacheDatabase } {
  let db: CacheDatabase | undefined;
  const cache = Cache.openFile({ ...file, open: () => (db = file.open()) });
  return { cache, db: db as CacheDatabase };
}

/** A real encrypted cache, as the workstation opens it, with its handle. */
export const openEncryptedWithHandle = (path: string, key: Buffer) =>
  openWithHandle(encryptedCacheFile(path, key));
