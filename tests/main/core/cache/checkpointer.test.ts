import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { Cache } from '../../../../src/main/core/cache/cache';
import { APPLY_CHUNK_SIZE } from '../../../../src/main/core/cache/synced-data';
import { caseload } from '../workstation/support/caseload';
import { openEncryptedWithHandle } from './support/open';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cache-ckpt-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

it('keeps the WAL bounded through a large sync, and folds it into the file on close', async () => {
  const path = join(dir, 'c.sqlite');
  const key = randomBytes(32);
  const cache = Cache.open({ path, key });
  const { changes } = caseload(400, new Date());
  let largestWal = 0;
  for (let i = 0; i < changes.length; i += APPLY_CHUNK_SIZE) {
    cache.synced.applyPage(changes.slice(i, i + APPLY_CHUNK_SIZE), `c${i}`);
    largestWal = Math.max(largestWal, statSync(`${path}-wal`).size);
    // The pause a network round trip gives the background checkpoint.
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  expect(largestWal).toBeLessThan(24 * 1024 * 1024);
  await cache.close();
  expect(existsSync(`${path}-wal`)).toBe(false);
  const again = Cache.open({ path, key });
  expect(again.synced.getCursor()).toBe(
    `c${Math.floor((changes.length - 1) / APPLY_CHUNK_SIZE) * APPLY_CHUNK_SIZE}`,
  );
  expect(again.summaries.inRound(null)).toHaveLength(400);
  await again.close();
}, 120_000);

it('keeps temporary tables and sorts in memory, where nothing is written unencrypted', async () => {
  const { cache, db } = openEncryptedWithHandle(join(dir, 't.sqlite'), randomBytes(32));
  // 2 = MEMORY: SQLCipher does not encrypt temp files, so none may be written.
  expect(db.pragma('temp_store', { simple: true })).toBe(2);
  await cache.close();
});
