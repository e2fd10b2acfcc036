import Database from 'better-sqlite3-multiple-ciphers';
import { createDecipheriv, createHmac, pbkdf2Sync, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  cachePathFor,
  openAccountCache,
  wipeAccountCache,
} from '../../../../src/main/core/cache/account-cache';
import { Cache } from '../../../../src/main/core/cache/cache';
import { cacheFiles } from '../../../../src/main/core/cache/database';
import {
  CacheCorruptError,
  CacheKeyMissingError,
  CacheWrongKeyError,
} from '../../../../src/main/core/cache/errors';
import { CacheKeys } from '../../../../src/main/core/vault/cache-keys';
import type { SecretStore } from '../../../../src/main/core/vault/secret-store';
import { checkpointFully } from './support/checkpoint';
import { openEncryptedWithHandle } from './support/open';
import { message, patient, staff, team, up } from './support/records';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cache-enc-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function memorySecrets(): SecretStore & { values: Map<string, string> } {
  const values = new Map<string, string>();
  return {
    values,
    get: async (name) => values.get(name) ?? null,
    set: async (name, value) => void values.set(name, value),
    delete: async (name) => values.delete(name),
  };
}

// Distinctive strings that cannot appear by chance in ciphertext.
const GIVEN = 'Solveig-Quenkvist';
const FAMILY = 'Bjornstjerne-Haugaland';
const TEXT = 'Jeg har hatt tanker om a ta mitt eget liv denne uka';
const DRAFT = 'Utkast til svar om eksponeringsoppgaven';

describe('the encrypted cache file', () => {
  it('holds no synced name, message text or draft in readable form, neither in the file nor in the WAL', async () => {
    const path = join(dir, 'c.sqlite');
    const { cache, db } = openEncryptedWithHandle(path, randomBytes(32));
    const t = team();
    const p = patient(t.id, { givenName: GIVEN, familyName: FAMILY });
    cache.synced.applyPage([up('team', t), up('staff', staff(t.id)), up('patient', p)], 'c1');
    await checkpointFully(db);
    // Written after the checkpoint, so it sits in the WAL when the files are scanned.
    cache.synced.applyPage([up('message', message(p.id, { body: TEXT }))], 'c2');
    cache.local.saveDraft({ patientId: p.id, body: DRAFT, updatedAt: new Date().toISOString() });

    const wal = readFileSync(`${path}-wal`);
    expect(wal.length).toBeGreaterThan(0);
    const main = readFileSync(path);
    for (const bytes of [main, wal]) {
      for (const secret of [GIVEN, FAMILY, TEXT, DRAFT, 'SQLite format 3', 'CREATE TABLE']) {
        expect(bytes.includes(Buffer.from(secret)), secret).toBe(false);
        expect(bytes.includes(Buffer.from(secret, 'utf16le')), secret).toBe(false);
      }
    }
    // The same content is really there, readable with the key.
    const row = db.prepare('SELECT json FROM message').get() as { json: string };
    expect(row.json).toContain(TEXT);
    await cache.close();
  });

  it('cannot be opened by plain SQLite without the key', async () => {
    const path = join(dir, 'c.sqlite');
    const cache = Cache.open({ path, key: randomBytes(32) });
    cache.synced.applyPage([up('team', team())], 'c1');
    await cache.close();
    const plain = new Database(path);
    expect(() => plain.prepare('SELECT * FROM sqlite_master').all()).toThrow(/not a database/);
    plain.close();
  });

  it('is in SQLCipher 4 format: decrypted with the documented settings and the key, it is a plain SQLite file', async () => {
    const path = join(dir, 'c.sqlite');
    const key = randomBytes(32);
    const cache = Cache.open({ path, key });
    const t = team();
    cache.synced.applyPage([up('team', t), up('patient', patient(t.id, { givenName: GIVEN }))], 'c1');
    await cache.close();

    const decrypted = join(dir, 'decrypted.sqlite');
    writeFileSync(decrypted, decryptSqlCipher4(readFileSync(path), key));
    const plain = new Database(decrypted, { readonly: true });
    try {
      expect(plain.pragma('integrity_check', { simple: true })).toBe('ok');
      const row = plain.prepare('SELECT json FROM patient').get() as { json: string };
      expect(JSON.parse(row.json).givenName).toBe(GIVEN);
    } finally {
      plain.close();
    }
  });

  it('is readable by its owner only', async () => {
    const path = join(dir, 'sub', 'c.sqlite');
    const cache = Cache.open({ path, key: randomBytes(32) });
    cache.synced.applyPage([up('team', team())], 'c1');
    for (const file of cacheFiles(path).filter(existsSync)) expect(statSync(file).mode & 0o077, file).toBe(0);
    expect(statSync(join(dir, 'sub')).mode & 0o077).toBe(0);
    await cache.close();
  });

  it('reopens with the right key and keeps its data', async () => {
    const path = join(dir, 'c.sqlite');
    const key = randomBytes(32);
    const cache = Cache.open({ path, key });
    cache.synced.applyPage([up('team', team())], 'c1');
    await cache.close();
    const again = Cache.open({ path, key });
    expect(again.synced.getCursor()).toBe('c1');
    await again.close();
  });

  it('reports a wrong key as CacheWrongKeyError', async () => {
    const path = join(dir, 'c.sqlite');
    await Cache.open({ path, key: randomBytes(32) }).close();
    expect(() => Cache.open({ path, key: randomBytes(32) })).toThrow(CacheWrongKeyError);
  });

  it('reports a damaged file as CacheCorruptError', async () => {
    const path = join(dir, 'c.sqlite');
    const key = randomBytes(32);
    const cache = Cache.open({ path, key });
    const t = team();
    cache.synced.applyPage(
      Array.from({ length: 200 }, () => up('patient', patient(t.id))),
      'c1',
    );
    await cache.close();
    const bytes = readFileSync(path);
    expect(bytes.length).toBeGreaterThan(16_384);
    bytes.fill(0x5a, 8192, 16_384);
    writeFileSync(path, bytes);
    expect(() => Cache.open({ path, key })).toThrow(CacheCorruptError);
  });

  it('reports a damaged first page with the right key as corrupt, not as a wrong key', async () => {
    const path = join(dir, 'c.sqlite');
    const key = randomBytes(32);
    await Cache.open({ path, key }).close();
    const bytes = readFileSync(path);
    bytes.fill(0, 0, 1024);
    writeFileSync(path, bytes);
    expect(() => Cache.open({ path, key })).toThrow(CacheCorruptError);
  });
});

describe('the account cache and its key', () => {
  it('creates the key in the secret store on first use and reuses it', async () => {
    const secrets = memorySecrets();
    const keys = new CacheKeys(secrets);
    const cache = await openAccountCache(keys, dir, 'acc1');
    cache.synced.applyPage([], 'c1');
    await cache.close();
    expect(secrets.values.size).toBe(1);
    const again = await openAccountCache(keys, dir, 'acc1');
    expect(again.synced.getCursor()).toBe('c1');
    await again.close();
  });

  it('reports an existing file whose key is gone as CacheKeyMissingError', async () => {
    const secrets = memorySecrets();
    const keys = new CacheKeys(secrets);
    await (await openAccountCache(keys, dir, 'acc1')).close();
    secrets.values.clear();
    await expect(openAccountCache(keys, dir, 'acc1')).rejects.toThrow(CacheKeyMissingError);
  });

  it('wipes the file, its WAL and companions, and the key', async () => {
    const secrets = memorySecrets();
    const keys = new CacheKeys(secrets);
    const cache = await openAccountCache(keys, dir, 'acc1');
    cache.synced.applyPage([up('team', team())], 'c1');
    const path = cachePathFor(dir, 'acc1');
    expect(existsSync(`${path}-wal`)).toBe(true);
    await cache.close();
    await wipeAccountCache(keys, dir, 'acc1');
    for (const file of cacheFiles(path)) expect(existsSync(file), file).toBe(false);
    expect(secrets.values.size).toBe(0);
  });
});

/**
 * Decrypts a database with SQLCipher 4's default settings and a raw 256-bit key, written from the
 * format's documentation rather than any SQLCipher code (https://www.zetetic.net/sqlcipher/design/):
 * 4096-byte pages, each AES-256-CBC encrypted with its own IV and authenticated with HMAC-SHA512;
 * page 1 starts with the 16-byte salt; the HMAC key is PBKDF2-HMAC-SHA512 of the key over the salt
 * XOR 0x3a, 2 iterations. Throws on a page whose HMAC does not match.
 */
function decryptSqlCipher4(file: Buffer, key: Buffer): Buffer {
  const pageSize = 4096;
  const reserve = 16 + 64; // IV and HMAC at the end of every page
  const salt = file.subarray(0, 16);
  const hmacKey = pbkdf2Sync(key, Buffer.from(salt.map((byte) => byte ^ 0x3a)), 2, 32, 'sha512');
  const pages: Buffer[] = [];
  for (let offset = 0, pageNo = 1; offset < file.length; offset += pageSize, pageNo++) {
    const page = file.subarray(offset, offset + pageSize);
    const start = pageNo === 1 ? 16 : 0;
    const encrypted = page.subarray(start, pageSize - reserve);
    const iv = page.subarray(pageSize - reserve, pageSize - reserve + 16);
    const hmac = page.subarray(pageSize - reserve + 16);
    const pageNoBytes = Buffer.alloc(4);
    pageNoBytes.writeUInt32LE(pageNo);
    const expected = createHmac('sha512', hmacKey).update(encrypted).update(iv).update(pageNoBytes).digest();
    if (!expected.equals(hmac)) throw new Error(`page ${pageNo}: HMAC does not match`);
    const decipher = createDecipheriv('aes-256-cbc', key, iv).setAutoPadding(false);
    pages.push(
      pageNo === 1 ? Buffer.from('SQLite format 3\0') : Buffer.alloc(0),
      decipher.update(encrypted),
      decipher.final(),
      Buffer.alloc(reserve),
    );
  }
  return Buffer.concat(pages);
}
