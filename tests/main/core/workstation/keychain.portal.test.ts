import { randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import keytar from 'keytar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningPortal, startPortal } from '../../../../src/portal/server';
import { DEMO_PASSWORD } from '../../../../src/portal/seed/accounts';
import {
  KEYCHAIN_SERVICE,
  createKeychainSecretStore,
  profileKeychainService,
} from '../../../../src/main/core/vault/keychain';
import { refreshTokenName } from '../../../../src/main/core/vault/names';
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
    await ws.session.signIn({ username: 'terapeut1', password: DEMO_PASSWORD });
    await engine.syncNow();
    expect(ws.round.queue().items.length).toBeGreaterThan(0);
    expect(cacheFiles().some((f) => f.endsWith('.sqlite'))).toBe(true);
    expect(await entries()).toEqual(
      expect.arrayContaining([expect.stringMatching(/^cache-key:/), refreshTokenName(portal.url)]),
    );

    expect((await ws.session.signOut()).status).toBe('signed-out');

    expect(cacheFiles()).toEqual([]);
    expect(await entries()).toEqual([]);
  }, 60_000);

  it('a session the portal ended while the app was closed is wiped only once the user decides', async () => {
    const first = workstation();
    await first.ws.session.signIn({ username: 'terapeut1', password: DEMO_PASSWORD });
    await first.engine.syncNow();
    await first.ws.session.shutdown();
    expect(cacheFiles().length).toBeGreaterThan(0);

    // The session family is ended at the portal (signed out there) while the app is closed.
    const token = await keytar.getPassword(service, refreshTokenName(portal.url));
    const post = (path: string, body: unknown, accessToken?: string) =>
      fetch(`${portal.url}${path}`, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          ...(accessToken ? { Authorization: `Bearer ${accessToken}` } : {}),
        },
        body: JSON.stringify(body),
      });
    const refreshed = (await (await post('/api/v1/auth/refresh', { refreshToken: token })).json()) as {
      accessToken: string;
    };
    expect((await post('/api/v1/auth/logout', {}, refreshed.accessToken)).status).toBe(200);

    const next = workstation();
    const state = await next.ws.session.restore();
    if (state.status !== 'cache-problem') throw new Error('expected the decision');
    expect(state.problem).toMatchObject({ cause: 'session-revoked', action: 'revoked', detailsHidden: true });
    expect(cacheFiles().length).toBeGreaterThan(0);

    const after = await next.ws.session.resolveCacheProblem({
      problemId: state.problem.id,
      choice: 'discard',
    });
    expect(after).toMatchObject({ status: 'signed-out', notice: { code: 'revoked', lost: [] } });
    expect(cacheFiles()).toEqual([]);
    expect(await entries()).toEqual([]);
  }, 60_000);

  it('a separate profile has a keychain service of its own', () => {
    expect(profileKeychainService('/tmp/a')).not.toBe(KEYCHAIN_SERVICE);
    expect(profileKeychainService('/tmp/a')).not.toBe(profileKeychainService('/tmp/b'));
  });
});
