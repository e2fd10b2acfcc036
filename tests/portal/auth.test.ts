import { createHash } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { REFRESH_GRACE_SECONDS, RefreshRefusal, TokenResponse } from '../../src/shared/contracts/auth';
import { tokenHash } from '../../src/portal/auth/tokens';
import { LOCKOUT_THRESHOLD } from '../../src/portal/auth/identity';
import { pruneLoginFailures } from '../../src/portal/sync/retention';
import { DEMO_PASSWORD } from '../../src/portal/seed/accounts';
import { eachBackend, count, freshDatabase, openPortal, type Database, type TestPortal } from './harness';

eachBackend('authentication on %s', (backend) => {
  let database: Database;
  let portal: TestPortal;
  const login = (username: string, password = DEMO_PASSWORD) =>
    portal.call('POST', '/api/v1/auth/login', { body: { username, password } });
  const refresh = (refreshToken: string) =>
    portal.call('POST', '/api/v1/auth/refresh', { body: { refreshToken } });
  const pull = (token: string) =>
    portal.call('POST', '/api/v1/sync/pull', { token, body: { cursor: null, limit: 1 } });

  const familyOf = async (refreshToken: string) =>
    (
      await portal.db.query<{ family_id: string }>('SELECT family_id FROM session WHERE refresh_hash = $1', [
        tokenHash(refreshToken),
      ])
    ).rows[0]!.family_id;
  /** Moves a token's rotation back in time, as if its answer had arrived `seconds` ago. */
  const ageRotation = (refreshToken: string, seconds: number) =>
    portal.db.query(
      'UPDATE session SET replaced_at = replaced_at - make_interval(secs => $2) WHERE refresh_hash = $1',
      [tokenHash(refreshToken), seconds],
    );

  beforeAll(async () => {
    database = await freshDatabase(backend);
    // The per-address limit has its own test below; here it stays out of the way.
    const loginRateLimit = { max: 8, timeWindowMs: 60_000, maxPerAddress: 1000 };
    portal = await openPortal(database, { loginRateLimit });
  });
  afterAll(async () => {
    await portal.close();
    await database.drop();
  });

  it('logs in with Argon2id-hashed passwords and stores only token hashes', async () => {
    const response = await login('terapeut1');
    const tokens = TokenResponse.parse(response.body);
    expect(tokens.principal).toMatchObject({ kind: 'staff', role: 'therapist' });
    expect(tokens.expiresIn).toBe(600);
    const hash = await portal.db.query<{ password_hash: string }>(
      "SELECT password_hash FROM account WHERE username = 'terapeut1'",
    );
    expect(hash.rows[0]!.password_hash).toMatch(/^\$argon2id\$/);
    expect(
      await count(portal.db, 'session WHERE access_hash = $1 OR refresh_hash = $1', [
        Buffer.from(tokens.accessToken),
      ]),
    ).toBe(0);
    expect((await pull(tokens.accessToken)).status).toBe(200);
    expect((await login('terapeut1', 'wrong')).body.error.code).toBe('invalid_credentials');
    expect((await login('nobody-here')).status).toBe(401);
  });

  it('rotates refresh tokens; reusing a spent one revokes the whole family', async () => {
    const first = (await login('terapeut2')).body;
    const second = await refresh(first.refreshToken);
    expect(second.status).toBe(200);
    expect(second.body.refreshToken).not.toBe(first.refreshToken);
    expect((await pull(second.body.accessToken)).status).toBe(200);

    // Past the grace window a spent token is a copied one.
    await ageRotation(first.refreshToken, REFRESH_GRACE_SECONDS + 1);
    const reuse = await refresh(first.refreshToken);
    expect(reuse.status).toBe(401);
    expect(reuse.body.error.code).toBe('refresh_token_reused');
    // The thief's copy and the owner's current tokens are all dead now.
    expect((await refresh(second.body.refreshToken)).status).toBe(401);
    expect((await pull(second.body.accessToken)).status).toBe(401);
    expect((await pull(first.accessToken)).status).toBe(401);
  });

  it('a spent token presented again within the grace window gets the same new pair', async () => {
    const first = (await login('terapeut1')).body;
    const rotated = await refresh(first.refreshToken);
    // The answer was lost on the way: the client presents the same token again.
    const again = await refresh(first.refreshToken);
    expect(again.status).toBe(200);
    expect(again.body.accessToken).toBe(rotated.body.accessToken);
    expect(again.body.refreshToken).toBe(rotated.body.refreshToken);
    expect(again.body.expiresIn).toBeGreaterThan(0);
    expect(again.body.expiresIn).toBeLessThanOrEqual(600);
    // Nothing was revoked: the pair works and rotates on as usual.
    expect((await pull(again.body.accessToken)).status).toBe(200);
    expect((await refresh(again.body.refreshToken)).status).toBe(200);
    expect(await count(portal.db, 'session WHERE family_id = $1', [await familyOf(first.refreshToken)])).toBe(
      3,
    );
  });

  it('three refreshes at once with one token make one rotation and revoke nothing', async () => {
    const first = (await login('terapeut1')).body;
    const answers = await Promise.all([1, 2, 3].map(() => refresh(first.refreshToken)));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    expect(new Set(answers.map((a) => a.body.refreshToken)).size).toBe(1);
    const family = await familyOf(first.refreshToken);
    expect(await count(portal.db, 'session WHERE family_id = $1', [family])).toBe(2);
    expect(await count(portal.db, 'session WHERE family_id = $1 AND revoked_at IS NOT NULL', [family])).toBe(
      0,
    );
    expect((await pull(answers[0]!.body.accessToken)).status).toBe(200);
  });

  it('the grace window never revives a pair that was itself refreshed', async () => {
    const first = (await login('admin')).body;
    const second = (await refresh(first.refreshToken)).body;
    const third = await refresh(second.refreshToken);
    expect(third.status).toBe(200);
    // The first token's successor is spent: only a copy could present the first one now.
    const replay = await refresh(first.refreshToken);
    expect(replay.status).toBe(401);
    expect(replay.body.error.code).toBe(RefreshRefusal.reused);
    expect((await pull(third.body.accessToken)).status).toBe(401);
  });

  it('tells an expired, a revoked, an unknown and a deactivated refresh apart', async () => {
    const expired = (await login('admin')).body;
    await portal.db.query(
      "UPDATE session SET refresh_expires_at = now() - interval '1 second' WHERE refresh_hash = $1",
      [tokenHash(expired.refreshToken)],
    );
    expect((await refresh(expired.refreshToken)).body.error.code).toBe(RefreshRefusal.expired);

    const signedOut = (await login('pasient1')).body;
    await portal.call('POST', '/api/v1/auth/logout', { token: signedOut.accessToken });
    expect((await refresh(signedOut.refreshToken)).body.error.code).toBe(RefreshRefusal.revoked);

    expect((await refresh('rt_never-issued')).body.error.code).toBe(RefreshRefusal.unknown);

    const deactivated = (await login('terapeut3')).body;
    await portal.db.query(
      "UPDATE staff SET active = false WHERE id = (SELECT principal_id FROM account WHERE username = 'terapeut3')",
    );
    try {
      const refused = await refresh(deactivated.refreshToken);
      expect(refused.status).toBe(401);
      expect(refused.body.error.code).toBe(RefreshRefusal.inactive);
    } finally {
      await portal.db.query(
        "UPDATE staff SET active = true WHERE id = (SELECT principal_id FROM account WHERE username = 'terapeut3')",
      );
    }
  });

  it('keeps the successor pair sealed: the session table holds no token in any form', async () => {
    const first = (await login('admin')).body;
    const rotated = (await refresh(first.refreshToken)).body;
    const rows = await portal.db.query<{ successor_sealed: Uint8Array }>(
      'SELECT successor_sealed FROM session WHERE refresh_hash = $1',
      [tokenHash(first.refreshToken)],
    );
    const sealed = Buffer.from(rows.rows[0]!.successor_sealed);
    expect(sealed.length).toBeGreaterThan(28);
    for (const token of [rotated.accessToken, rotated.refreshToken]) {
      expect(sealed.includes(Buffer.from(token))).toBe(false);
    }
  });

  it('logout revokes the access and refresh tokens', async () => {
    const tokens = (await login('terapeut3')).body;
    expect((await portal.call('POST', '/api/v1/auth/logout', { token: tokens.accessToken })).status).toBe(
      200,
    );
    expect((await pull(tokens.accessToken)).status).toBe(401);
    expect((await refresh(tokens.refreshToken)).status).toBe(401);
  });

  it(`locks an account after ${LOCKOUT_THRESHOLD} failed logins, even for the right password`, async () => {
    for (let i = 1; i < LOCKOUT_THRESHOLD; i++) expect((await login('teamleder', 'wrong')).status).toBe(401);
    expect((await login('teamleder', 'wrong')).status).toBe(423);
    const locked = await login('teamleder');
    expect(locked.status).toBe(423);
    expect(locked.body.error.code).toBe('account_locked');
    await portal.db.query("UPDATE login_failure SET locked_until = now() - interval '1 second'");
    expect((await login('teamleder')).status).toBe(200);
  });

  it('forgets failed logins a day after the last one, but never while the name is locked', async () => {
    const hashOf = (name: string) => createHash('sha256').update(name, 'utf8').digest();
    const names = ['terapeut1', 'ingen-slik-bruker', 'pasient2'];
    const rows = (name: string) => count(portal.db, 'login_failure WHERE username_hash = $1', [hashOf(name)]);
    expect((await login('terapeut1', 'wrong')).status).toBe(401);
    expect((await login('ingen-slik-bruker', 'wrong')).status).toBe(401);
    for (let i = 0; i < LOCKOUT_THRESHOLD; i++) await login('pasient2', 'wrong');
    await pruneLoginFailures(portal.db);
    for (const name of names) expect(await rows(name)).toBe(1);

    await portal.db.query(
      "UPDATE login_failure SET last_failed_at = now() - interval '25 hours' WHERE username_hash = ANY($1)",
      [names.map(hashOf)],
    );
    await pruneLoginFailures(portal.db);
    expect(await rows('terapeut1')).toBe(0);
    expect(await rows('ingen-slik-bruker')).toBe(0);
    // Still locked: the lockout stands until it runs out.
    expect(await rows('pasient2')).toBe(1);
    expect((await login('pasient2')).status).toBe(423);
    await portal.db.query(
      "UPDATE login_failure SET locked_until = now() - interval '1 second' WHERE username_hash = $1",
      [hashOf('pasient2')],
    );
    await pruneLoginFailures(portal.db);
    expect(await rows('pasient2')).toBe(0);
    expect((await login('pasient2')).status).toBe(200);
  });

  it('answers an unknown username exactly as a real one, before and after lockout', async () => {
    const answers = async (username: string) => {
      const seen: unknown[] = [];
      for (let i = 0; i <= LOCKOUT_THRESHOLD; i++) {
        const response = await login(username, 'wrong');
        seen.push([response.status, response.body]);
      }
      return seen;
    };
    expect(await count(portal.db, "account WHERE username = 'terapeut2'")).toBe(1);
    const real = await answers('terapeut2');
    expect(real.at(-1)).toEqual([423, expect.objectContaining({ error: expect.anything() })]);
    expect(await answers('nobody-by-this-name')).toEqual(real);
    // The failure counter keeps no usernames, only their hashes.
    const stored = await portal.db.query<{ username_hash: Buffer }>(
      'SELECT username_hash FROM login_failure',
    );
    expect(stored.rows.every((row) => row.username_hash.length === 32)).toBe(true);
  });

  it('refuses a refresh for a deactivated account without spending the token', async () => {
    const tokens = (await login('terapeut3')).body;
    await portal.db.query(
      "UPDATE staff SET active = false WHERE id = (SELECT principal_id FROM account WHERE username = 'terapeut3')",
    );
    const refused = await refresh(tokens.refreshToken);
    expect(refused.status).toBe(401);
    expect(
      await count(
        portal.db,
        'session WHERE family_id = (SELECT family_id FROM session WHERE refresh_hash = $1)',
        [createHash('sha256').update(tokens.refreshToken).digest()],
      ),
    ).toBe(1);
    expect(
      await count(portal.db, 'session WHERE refresh_hash = $1 AND replaced_at IS NULL', [
        createHash('sha256').update(tokens.refreshToken).digest(),
      ]),
    ).toBe(1);
    await portal.db.query(
      "UPDATE staff SET active = true WHERE id = (SELECT principal_id FROM account WHERE username = 'terapeut3')",
    );
    expect((await refresh(tokens.refreshToken)).status).toBe(200);
  });

  it('rate-limits login attempts per client and username', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) statuses.push((await login('unknown-user', 'x')).status);
    // The name locks after a few failures (423), but only the ninth try in the window is limited.
    expect(statuses.slice(0, 8).every((status) => status === 401 || status === 423)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
  });

  it('refuses missing, malformed and unknown bearer tokens with 401', async () => {
    expect((await portal.call('POST', '/api/v1/sync/pull', { body: { cursor: null } })).status).toBe(401);
    expect((await pull('at_not-a-real-token-at-all')).status).toBe(401);
    expect((await pull('x')).status).toBe(401);
  });
});

eachBackend('login rate limit per address on %s', (backend) => {
  let database: Database;
  let portal: TestPortal;
  beforeAll(async () => {
    database = await freshDatabase(backend);
    const loginRateLimit = { max: 3, timeWindowMs: 60_000, maxPerAddress: 6 };
    portal = await openPortal(database, { seed: false, loginRateLimit });
  });
  afterAll(async () => {
    await portal.close();
    await database.drop();
  });

  it('stops one address trying many usernames, each well under the per-name limit', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) {
      const response = await portal.call('POST', '/api/v1/auth/login', {
        body: { username: `name-${i}`, password: 'x' },
      });
      statuses.push(response.status);
    }
    expect(statuses.slice(0, 6)).toEqual([401, 401, 401, 401, 401, 401]);
    expect(statuses.slice(6)).toEqual([429, 429]);
  });
});
