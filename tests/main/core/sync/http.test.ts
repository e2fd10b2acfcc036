import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SyncFailure } from '../../../../src/main/core/sync/errors';
import { createPortalClient } from '../../../../src/main/core/sync/http';
import { type FakeRequest, json, startFakePortal } from './support/fake-portal';
import { MemoryVault } from './support/memory-vault';

const principal = { id: randomUUID(), kind: 'staff', role: 'therapist', displayName: 'Terapeut' };
const tokens = (n: number) => ({ accessToken: `at${n}`, refreshToken: `rt${n}`, expiresIn: 600, principal });
const emptyPage = { kind: 'changes', changes: [], cursor: 'c1', hasMore: false };
const login = {
  'POST /api/v1/auth/login': (_: FakeRequest, res: Parameters<typeof json>[0]) => json(res, 200, tokens(1)),
};

let closeFake: (() => Promise<void>) | null = null;
afterEach(async () => {
  await closeFake?.();
  closeFake = null;
});

async function fake(routes: Parameters<typeof startFakePortal>[0]) {
  const portal = await startFakePortal(routes);
  closeFake = portal.close;
  return portal;
}

async function failureOf(promise: Promise<unknown>): Promise<SyncFailure> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SyncFailure);
  return error as SyncFailure;
}

/**
 * A signed-in client whose every pull is refused as expired (401), against a portal answering a
 * refresh with `status` and error `code`.
 */
async function clientWhoseRefreshGets(status: number, code: string) {
  const portal = await fake({
    ...login,
    'POST /api/v1/auth/refresh': (_req, res) => json(res, status, { error: { code, message: 'x' } }),
    'POST /api/v1/sync/pull': (_req, res) => json(res, 401, {}),
  });
  const vault = new MemoryVault();
  const onSessionEnded = vi.fn();
  const client = createPortalClient({ baseUrl: portal.url, vault, onSessionEnded });
  await client.login({ username: 'terapeut', password: 'pw' });
  return { client, vault, onSessionEnded };
}

describe('portal HTTP client', () => {
  it('refreshes once for concurrent 401s and retries each request with the new token', async () => {
    let refreshes = 0;
    const portal = await fake({
      ...login,
      'POST /api/v1/auth/refresh': async (req, res) => {
        refreshes += 1;
        expect(req.body).toEqual({ refreshToken: 'rt1' });
        await new Promise((resolve) => setTimeout(resolve, 50));
        json(res, 200, tokens(2));
      },
      'POST /api/v1/sync/pull': (req, res) =>
        req.authorization === 'Bearer at2' ? json(res, 200, emptyPage) : json(res, 401, {}),
    });
    const vault = new MemoryVault();
    const client = createPortalClient({ baseUrl: portal.url, vault });
    await client.login({ username: 'terapeut', password: 'pw' });

    const answers = await Promise.all(Array.from({ length: 5 }, () => client.pull({ cursor: null })));

    expect(answers.every((answer) => answer.kind === 'changes')).toBe(true);
    expect(refreshes).toBe(1);
    expect(vault.token).toBe('rt2');
  });

  it.each([
    ['refresh_token_expired', 'expired'],
    ['invalid_token', 'expired'],
    ['session_revoked', 'revoked'],
    ['refresh_token_reused', 'revoked'],
    ['account_inactive', 'revoked'],
  ])(
    'ends the session on a refresh refused with %s (%s): forgets the dead token, says so once',
    async (code, kind) => {
      const { client, vault, onSessionEnded } = await clientWhoseRefreshGets(401, code);

      const failure = await failureOf(client.pull({ cursor: null }));

      expect(failure).toMatchObject({ kind, code });
      expect(onSessionEnded).toHaveBeenCalledTimes(1);
      expect(onSessionEnded.mock.calls[0]![0]).toMatchObject({ kind, code });
      expect(vault.token).toBeNull();
    },
  );

  it.each([
    [400, 'bad_request'],
    [401, 'invalid_credentials'],
    [403, 'forbidden'],
    [429, 'rate_limited'],
    [500, 'internal'],
  ])('keeps the session and its token when the refresh is answered %i %s', async (status, code) => {
    const { client, vault, onSessionEnded } = await clientWhoseRefreshGets(status, code);

    const failure = await failureOf(client.pull({ cursor: null }));

    expect(failure.kind).not.toBe('revoked');
    expect(failure.kind).not.toBe('expired');
    expect(onSessionEnded).not.toHaveBeenCalled();
    expect(vault.token).toBe('rt1');
  });

  it('retries a refresh whose answer was lost at once, with the same token, and adopts the answer', async () => {
    const presented: string[] = [];
    const portal = await fake({
      ...login,
      'POST /api/v1/auth/refresh': (req, res) => {
        presented.push((req.body as { refreshToken: string }).refreshToken);
        // The first answer is lost on the way back; the portal has rotated all the same.
        if (presented.length === 1) return void res.socket?.destroy();
        json(res, 200, tokens(2));
      },
      'POST /api/v1/sync/pull': (req, res) =>
        req.authorization === 'Bearer at2' ? json(res, 200, emptyPage) : json(res, 401, {}),
    });
    const vault = new MemoryVault();
    const onSessionEnded = vi.fn();
    const client = createPortalClient({ baseUrl: portal.url, vault, onSessionEnded });
    await client.login({ username: 'terapeut', password: 'pw' });

    expect((await client.pull({ cursor: null })).kind).toBe('changes');
    expect(presented).toEqual(['rt1', 'rt1']);
    expect(vault.token).toBe('rt2');
    expect(onSessionEnded).not.toHaveBeenCalled();
  });

  it('takes a reuse of the token whose answer it lost for an expiry, not a theft', async () => {
    let refreshes = 0;
    const portal = await fake({
      ...login,
      'POST /api/v1/auth/refresh': (_req, res) => {
        refreshes += 1;
        // Every retry within the window is lost too; the next cycle's try comes after it.
        if (refreshes <= 4) return void res.socket?.destroy();
        json(res, 401, { error: { code: 'refresh_token_reused', message: 'x' } });
      },
      'POST /api/v1/sync/pull': (_req, res) => json(res, 401, {}),
    });
    const vault = new MemoryVault();
    const onSessionEnded = vi.fn();
    const client = createPortalClient({ baseUrl: portal.url, vault, onSessionEnded });
    await client.login({ username: 'terapeut', password: 'pw' });

    expect((await failureOf(client.pull({ cursor: null }))).kind).toBe('offline');
    expect(vault.token).toBe('rt1');
    const failure = await failureOf(client.pull({ cursor: null }));

    expect(failure).toMatchObject({ kind: 'expired', code: 'refresh_token_reused' });
    expect(onSessionEnded).toHaveBeenCalledTimes(1);
  }, 20_000);

  it('keeps the session when the refresh fails for being offline', async () => {
    const portal = await fake({
      ...login,
      'POST /api/v1/auth/refresh': (_req, res) => void res.socket?.destroy(),
      'POST /api/v1/sync/pull': (_req, res) => json(res, 401, {}),
    });
    const vault = new MemoryVault();
    const onSessionEnded = vi.fn();
    const client = createPortalClient({ baseUrl: portal.url, vault, onSessionEnded });
    await client.login({ username: 'terapeut', password: 'pw' });

    expect((await failureOf(client.pull({ cursor: null }))).kind).toBe('offline');
    expect(onSessionEnded).not.toHaveBeenCalled();
    expect(vault.token).toBe('rt1');
  });

  it('rejects an answer outside the contract instead of handing it on', async () => {
    const portal = await fake({
      ...login,
      'POST /api/v1/sync/pull': (_req, res) =>
        json(res, 200, {
          kind: 'changes',
          changes: [{ op: 'upsert', entity: 'patient', record: { id: randomUUID(), givenName: 'Kari' } }],
          cursor: 'c1',
          hasMore: false,
        }),
      'POST /api/v1/sync/push': (_req, res) => {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end('{"results": [');
      },
    });
    const client = createPortalClient({ baseUrl: portal.url, vault: new MemoryVault() });
    await client.login({ username: 'terapeut', password: 'pw' });

    const pullFailure = await failureOf(client.pull({ cursor: null }));
    expect([pullFailure.kind, pullFailure.code]).toEqual(['malformed', 'schema']);
    expect(pullFailure.message).not.toContain('Kari');
    const mutation = { id: randomUUID(), type: 'note.add', payload: {} };
    expect((await failureOf(client.push({ mutations: [mutation] }))).code).toBe('not-json');
  });

  it('classifies transport failures: refused and timed out are offline, 5xx server, 4xx rejected', async () => {
    const portal = await fake({
      ...login,
      'POST /api/v1/sync/pull': (req, res) => {
        const cursor = (req.body as { cursor: string }).cursor;
        if (cursor === 'slow') return; // never answers
        json(res, cursor === 'broken' ? 503 : 400, { error: { code: 'x', message: 'y' } });
      },
    });
    const client = createPortalClient({ baseUrl: portal.url, vault: new MemoryVault(), timeoutMs: 200 });
    await client.login({ username: 'terapeut', password: 'pw' });

    expect((await failureOf(client.pull({ cursor: 'slow' }))).kind).toBe('offline');
    expect((await failureOf(client.pull({ cursor: 'broken' }))).kind).toBe('server');
    expect((await failureOf(client.pull({ cursor: 'bad' }))).kind).toBe('rejected');
    await portal.close();
    closeFake = null;
    expect((await failureOf(client.pull({ cursor: null }))).kind).toBe('offline');
  });
});
