import Database from 'better-sqlite3-multiple-ciphers';
import { createHmac } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { CacheCorruptError, CacheWrongKeyError } from './errors';

export type CacheDatabase = Database.Database;
export type CacheStatement = Database.Statement<unknown[]>;

/**
 * A check value stored beside the file: an HMAC of a constant under the cache key. It reveals
 * nothing about the key, and it tells a wrong key from a damaged file, which SQLCipher cannot
 * (both fail on page 1 with "file is not a database").
 */
const keyCheckPath = (path: string) => `${path}.keycheck`;
const keyCheckOf = (key: Buffer) =>
  createHmac('sha256', key).update('emestring-cache-key-check').digest('hex');

/** Every file that belongs to one cache. */
export const cacheFiles = (path: string): string[] => [
  path,
  `${path}-wal`,
  `${path}-shm`,
  keyCheckPath(path),
];

export function cacheFileExists(path: string): boolean {
  return existsSync(path);
}

/**
 * One cache file as Cache opens it: its main connection, and the pragmas that unlock any further
 * connection to it (the checkpoint worker's) before its first read. The workstation only ever
 * makes it with a key (encryptedCacheFile); the benchmark's unencrypted comparison copy builds its
 * own in bench/.
 */
export interface CacheFile {
  path: string;
  unlockPragmas: readonly string[];
  open(): CacheDatabase;
}

export function encryptedCacheFile(path: string, key: Buffer): CacheFile {
  return { path, unlockPragmas: unlockPragmas(key), open: () => openEncryptedDatabase(path, key) };
}

/**
 * Open (or create) an SQLCipher-encrypted database with a raw 256-bit key, in WAL mode. The whole
 * file is encrypted: pages, indexes and the WAL. Throws CacheWrongKeyError or CacheCorruptError
 * for an existing file that cannot be used.
 */
export function openEncryptedDatabase(path: string, key: Buffer): CacheDatabase {
  if (key.length !== 32) throw new RangeError('The cache key must be 256 bits');
  const existed = existsSync(path);
  if (
    existed &&
    existsSync(keyCheckPath(path)) &&
    readFileSync(keyCheckPath(path), 'utf8') !== keyCheckOf(key)
  ) {
    throw new CacheWrongKeyError();
  }
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const db = new Database(path);
  try {
    unlock(db, key);
    tuneConnection(db);
    if (existed && db.pragma('quick_check', { simple: true }) !== 'ok') throw new CacheCorruptError();
  } catch (error) {
    db.close();
    throw error instanceof CacheCorruptError ? error : new CacheCorruptError({ cause: error });
  }
  // Owner-only, like the directory; SQLite gives the WAL and shared-memory files the same mode.
  if (!existed) chmodSync(path, 0o600);
  if (!existsSync(keyCheckPath(path))) writeFileSync(keyCheckPath(path), keyCheckOf(key), { mode: 0o600 });
  return db;
}

/**
 * Every connection to a cache file, the checkpoint worker's included (checkpointer.ts), is set up
 * from these lists, so the settings that keep data encrypted are written once.
 */
export function unlockPragmas(key: Buffer): string[] {
  return [
    `cipher = 'sqlcipher'`,
    // SQLCipher 4 format, so standard SQLCipher tools can open the file with the key.
    'legacy = 4',
    `key = "x'${key.toString('hex')}'"`,
  ];
}

/** Temporary tables and sort spills stay in memory: SQLCipher does not encrypt temp files. */
export const CONNECTION_PRAGMAS = ['temp_store = MEMORY', 'synchronous = NORMAL'] as const;

export function applyPragmas(db: CacheDatabase, pragmas: readonly string[]): void {
  for (const pragma of pragmas) db.pragma(pragma);
}

/** The main connection's settings, after unlocking: WAL mode and a large decrypted page cache. */
export function tuneConnection(db: CacheDatabase): void {
  db.pragma('journal_mode = WAL');
  applyPragmas(db, CONNECTION_PRAGMAS);
  // Keep the working set decrypted in memory: every page read from disk costs a decryption.
  db.pragma('cache_size = -131072');
}

/**
 * Open a damaged cache read-only, without the integrity check, to read what can still be read
 * (the outbox). Null when not even the schema can be read.
 */
export function openDamagedReadOnly(path: string, key: Buffer): CacheDatabase | null {
  let db: CacheDatabase | null = null;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true });
    unlock(db, key);
    return db;
  } catch {
    db?.close();
    return null;
  }
}

function unlock(db: CacheDatabase, key: Buffer): void {
  applyPragmas(db, unlockPragmas(key));
  // The key is only tried on the first read.
  db.prepare('SELECT count(*) FROM sqlite_master').get();
}

/** Delete the cache file with its WAL, shared-memory and key-check files. The database must be closed. */
export function deleteCacheFiles(path: string): void {
  for (const file of cacheFiles(path)) rmSync(file, { force: true });
}
