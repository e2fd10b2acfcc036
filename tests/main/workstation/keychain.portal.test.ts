import { randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import keytar from 'keytar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningPortal, startPortal } from '../../../src/portal/server';
import { DEMO_PASSWORD } from '../../../src/portal/seed/accounts';
import {
  KEYCHAIN_SERVICE,
  createKeychainSecretStore,
  profileKeychainService,
} from '../../../src/main/core/vault/keychain';
import { refreshTokenName } from '../../../src/main/core/vault/names';
import { portalWorkstation } from './support/portal-workstation';

/**
 * Sign-out and revocation with every real part: the real portal, the real sync engine, a real
 * encrypted file, and the real keychain (gnome-keyring over D-Bus; `npm test` provides one).
 */
const hasSecretService = Boolean(process.env.DBUS_SESSION_BUS_ADDRESS);
const service = `${KEYCHAIN_SERVICE}.test-${randomUUID()}`;
let portal: RunningPortal;
let dir: string;

const entries = async () => (await keytar.findCredentials(service)).map((c) => c.account);

function workstation() {
  return portalWorkstation({ portalUrl: portal.url, secrets: createKeychainSecretStore(service), dir });
}

const cacheFiles = () => {
  try {
    return readdirSync(join(dir, 'cache'));
  } catch {
    return [];
  }
};

describe.skipIf(!hasSecretService)('sign-out and revocation with the real keychain', () => {
  beforeAll(async () => {
    portal = await startPortal({ seed: 'demo', logLevel: 'silent' });
    dir = mkdtempSync(join(tmpdir(), 'ws-keychain-'));
  }, 120_000);

  afterAll(async () => {
    for (const account of await entries()) await keytar.deletePassword(service, account);
    await portal?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('signing out deletes the encrypted file and every secret of the session', async () => {
    const { ws, engine } = workstation();
    await ws.signIn({ username: 'terapeut1', password: DEMO_PASSWORD });
    await engine.syncNow();
    expect(ws.queue().items.length).toBeGreaterThan(0);
    expect(cacheFiles().some((f) => f.endsWith('.sqlite'))).toBe(true);
    expect(await entries()).toEqual(
      expect.arrayContaining([expect.stringMatching(/^cache-key:/), refreshTokenName(portal.url)]),
    );

    expect((await ws.signOut()).status).toBe('signed-out');

    expect(cacheFiles()).toEqual([]);
    expect(await entries()).toEqual([]);
  }, 60_000);

  it('a session the portal revoked while the app was closed is wiped at the next start', async () => {
    const first = workstation();
    await first.ws.signIn({ username: 'terapeut1', password: DEMO_PASSWORD });
    await first.engine.syncNow();
    await first.ws.shutdown();
    expect(cacheFiles().length).toBeGreaterThan(0);

    // Someone replays the stored refresh token: the portal revokes the whole session family.
    const token = await keytar.getPassword(service, refreshTokenName(portal.url));
    const refresh = () =>
      fetch(`${portal.url}/api/v1/auth/refresh`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ refreshToken: token }),
      });
    expect((await refresh()).status).toBe(200);
    expect((await refresh()).status).toBe(401);

    const next = workstation();
    const state = await next.ws.restore();

    expect(state).toMatchObject({ status: 'signed-out', notice: { code: 'revoked', lost: [] } });
    expect(cacheFiles()).toEqual([]);
    expect(await entries()).toEqual([]);
  }, 60_000);

  it('a separate profile has a keychain service of its own', () => {
    expect(profileKeychainService('/tmp/a')).not.toBe(KEYCHAIN_SERVICE);
    expect(profileKeychainService('/tmp/a')).not.toBe(profileKeychainService('/tmp/b'));
  });
});
