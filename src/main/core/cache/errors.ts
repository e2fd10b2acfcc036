/**
 * Why an existing cache file cannot be used. The workstation reports each to the user and
 * rebuilds the cache by a full sync; the messages never name the file's owner or contents.
 */
export type CacheUnreadableCause = 'missing-key' | 'wrong-key' | 'corrupt';

export abstract class CacheUnreadableError extends Error {
  abstract readonly kind: CacheUnreadableCause;
}

/** The file exists but the keychain holds no key for it (keychain reset, another user profile). */
export class CacheKeyMissingError extends CacheUnreadableError {
  override readonly name = 'CacheKeyMissingError';
  readonly kind = 'missing-key' as const;
  constructor() {
    super('The key of the local cache is missing from the keychain, so the cache cannot be opened');
  }
}

/** The keychain's key is not the one the file was encrypted with. */
export class CacheWrongKeyError extends CacheUnreadableError {
  override readonly name = 'CacheWrongKeyError';
  readonly kind = 'wrong-key' as const;
  constructor() {
    super('The key in the keychain does not open the local cache');
  }
}

/** The key is right but the file is damaged. */
export class CacheCorruptError extends CacheUnreadableError {
  override readonly name = 'CacheCorruptError';
  readonly kind = 'corrupt' as const;
  constructor(options?: { cause?: unknown }) {
    super('The local cache file is damaged', options);
  }
}

/**
 * SQLite's own word that the file is damaged (SQLITE_CORRUPT and its extended codes, or
 * SQLITE_NOTADB), met while a session is open: the cache must be checked and, if it is, rebuilt
 * like one found damaged at start.
 */
export function isCacheCorruption(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB');
}
