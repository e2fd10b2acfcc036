import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TokenResponse } from '../../src/shared/contracts/auth';
import { LOCKOUT_THRESHOLD } from '../../src/portal/auth/identity';
import { pruneLoginFailures } from '../../src/portal/sync/retention';
import { DEMO_PASSWORD } from '../../src/portal/seed/accounts';
import { backends, count, freshDatabase, openPortal, type Database, type TestPortal } from './harness';

describe.each(backends)('authentication on %s', (backend) => {
  let database: Database;
  let portal: TestPortal;
  const login = (username: string, password = DEMO_PASSWORD) =>
    portal.call('POST', '/api/v1/auth/login', { body: { username, password } });
  const refresh = (refreshToken: string) =>
    portal.call('POST', '/api/v1/auth/refresh', { body: { refreshToken } });
  const pull = (token: string) =>
    portal.call('POST', '/api/v1/sync/pull', { token, body: { cursor: null, limit: 1 } });

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

    const reuse = await refresh(first.refreshToken);
    expect(reuse.status).toBe(401);
    expect(reuse.body.error.code).toBe('refresh_token_reused');
    // The thief's copy and the owner's current tokens are all dead now.
    expect((await refresh(second.body.refreshToken)).status).toBe(401);
    expect((await pull(second.body.accessToken)).status).toBe(401);
    expect((await pull(first.accessToken)).status).toBe(401);
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

describe.each(backends)('login rate limit per address on %s', (backend) => {
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
