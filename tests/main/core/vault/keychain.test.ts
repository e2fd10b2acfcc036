import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import type * as KeytarModule from 'keytar';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CacheKeys } from '../../../../src/main/core/vault/cache-keys';
import { createKeychainSecretStore } from '../../../../src/main/core/vault/keychain';
import { refreshTokenVault } from '../../../../src/main/core/vault/refresh-token-vault';

// Without a session bus these suites show as skipped; `npm test` always provides one (scripts/test.sh).
const hasSecretService = Boolean(process.env.DBUS_SESSION_BUS_ADDRESS);
const service = `no.emestring.workstation.test-${randomUUID()}`;
const store = createKeychainSecretStore(service);
const created: string[] = [];

afterEach(async () => {
  vi.restoreAllMocks();
  if (hasSecretService) for (const name of created.splice(0)) await store.delete(name);
});

describe.skipIf(!hasSecretService)('keychain (real Secret Service over D-Bus)', () => {
  it('makes one keychain call at a time, however many are asked for at once, each with its own answer', async () => {
    // keytar itself, spied on (not replaced): libsecret must never see two calls overlap.
    const keytar = ((await import('keytar')) as unknown as { default: typeof KeytarModule }).default;
    let inFlight = 0;
    let most = 0;
    const counted = <F extends (...args: string[]) => Promise<unknown>>(real: F) =>
      (async (...args: string[]) => {
        most = Math.max(most, ++inFlight);
        try {
          return await real(...args);
        } finally {
          inFlight--;
        }
      }) as F;
    const real = {
      get: keytar.getPassword.bind(keytar),
      set: keytar.setPassword.bind(keytar),
      delete: keytar.deletePassword.bind(keytar),
    };
    vi.spyOn(keytar, 'getPassword').mockImplementation(counted(real.get));
    vi.spyOn(keytar, 'setPassword').mockImplementation(counted(real.set));
    vi.spyOn(keytar, 'deletePassword').mockImplementation(counted(real.delete));
    const names = Array.from({ length: 12 }, () => `concurrent:${randomUUID()}`);
    created.push(...names);
    await Promise.all(names.map((name, i) => store.set(name, `value-${i}`)));
    const read = await Promise.all(names.map((name) => store.get(name)));
    expect(read).toEqual(names.map((_, i) => `value-${i}`));
    await Promise.all([store.delete(names[0]!), store.get(names[0]!), store.set(names[1]!, 'changed')]);
    expect(await store.get(names[1]!)).toBe('changed');
    expect(most).toBe(1);
  });

  it('round-trips a cache key and deletes it', async () => {
    const keys = new CacheKeys(store);
    const cacheId = randomUUID();
    created.push(`cache-key:${cacheId}`);
    expect(await keys.load(cacheId)).toBeNull();
    const key = await keys.create(cacheId);
    expect(key).toHaveLength(32);
    expect((await keys.load(cacheId))?.equals(key)).toBe(true);
    await keys.delete(cacheId);
    expect(await keys.load(cacheId)).toBeNull();
  });

  it('keeps separate keys per cache', async () => {
    const keys = new CacheKeys(store);
    const [a, b] = [randomUUID(), randomUUID()];
    created.push(`cache-key:${a}`, `cache-key:${b}`);
    const keyA = await keys.create(a);
    const keyB = await keys.create(b);
    expect(keyA.equals(keyB)).toBe(false);
    expect((await keys.load(a))?.equals(keyA)).toBe(true);
  });

  it('treats a stored value that is not a 256-bit hex key as no key', async () => {
    const cacheId = randomUUID();
    created.push(`cache-key:${cacheId}`);
    await store.set(`cache-key:${cacheId}`, 'not-a-key');
    expect(await new CacheKeys(store).load(cacheId)).toBeNull();
  });

  it("stores the sync engine's refresh token per portal", async () => {
    const vault = refreshTokenVault(store, 'https://portal.example.no');
    const other = refreshTokenVault(store, 'https://other.example.no');
    await vault.writeRefreshToken('rt-1');
    expect(await vault.readRefreshToken()).toBe('rt-1');
    expect(await other.readRefreshToken()).toBeNull();
    await vault.deleteRefreshToken();
    expect(await vault.readRefreshToken()).toBeNull();
  });
});

describe.skipIf(!hasSecretService)('keychain without a Secret Service', () => {
  it('fails with KeychainUnavailableError and a message that says how to fix it', async () => {
    // A child process whose session bus does not exist: the real keytar, no Secret Service.
    const dir = await mkdtemp(join(tmpdir(), 'keychain-test-'));
    const script = join(dir, 'probe.mts');
    const keychain = pathToFileURL(join(process.cwd(), 'src/main/core/vault/keychain.ts')).href;
    await writeFile(
      script,
      `import { createKeychainSecretStore } from ${JSON.stringify(keychain)};
      try { await createKeychainSecretStore('no.emestring.workstation.test').get('x'); console.log('{}'); }
      catch (e) { console.log(JSON.stringify({ name: e.name, message: e.message })); }`,
    );
    const { stdout } = await promisify(execFile)('npx', ['tsx', script], {
      env: { ...process.env, DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/bus', DISPLAY: '' },
    });
    await rm(dir, { recursive: true });
    const outcome = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as {
      name?: string;
      message?: string;
    };
    expect(outcome.name).toBe('KeychainUnavailableError');
    expect(outcome.message).toMatch(/will not store any/);
    expect(outcome.message).toMatch(/gnome-keyring/);
  }, 60_000);
});
