import Database from 'better-sqlite3-multiple-ciphers';
import { type CacheFile, tuneConnection } from '../src/main/core/cache/database';

/**
 * The cache's settings on an UNENCRYPTED file, for the benchmark's measure of what encryption
 * costs. It lives here, not in src/: the workstation has no way to open a cache without a key.
 */
export function unencryptedCacheFile(path: string): CacheFile {
  return {
    path,
    unlockPragmas: [],
    open: () => {
      const db = new Database(path);
      tuneConnection(db);
      return db;
    },
  };
}
