import { randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import keytar from 'keytar';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { REVOKE_CHANNEL } from '../../../../src/portal/auth/tokens';
import type { RunningPortal } from '../../../../src/portal/server';
import { KEYCHAIN_SERVICE, createKeychainSecretStore } from '../../../../src/main/core/vault/keychain';
import { refreshTokenName } from '../../../../src/main/core/vault/names';
import type { SyncEngine } from '../../../../src/main/core/sync/engine';
import type { Workstation } from '../../../../src/main/core/workstation/workstation';
import { FAST_BACKOFF, Teardown, startDemoPortal } from '../sync/support/harness';
import { DEMO_PASSWORD } from '../sync/support/portal-actor';
import { startLossyProxy } from '../sync/support/lossy-proxy';
import { postgresReachable, scratchDatabase } from '../sync/support/scratch-database';
import { waitFor } from '../sync/support/wait';
import { portalWorkstation } from './support/portal-workstation';

/**
 * An expired or interrupted portal session never costs the therapist their unsent work. Every
 * part is real: the portal on its own PostgreSQL database, the sync engine, the encrypted cache
 * file, the OS keychain (gnome-keyring over D-Bus; `npm test` provides one), and a proxy between
 * workstation and portal that loses answers or cuts the line. The test reaches into the portal's
 * session table only to make time pass (expire a token) or to deactivate an account.
 */
const database = scratchDatabase('session_continuity');
const hasSecretService = Boolean(process.env.DBUS_SESSION_BUS_ADDRESS);
const reachable = await postgresReachable();
const REFRESH = '/api/v1/auth/refresh';

let portalDb: pg.Client;
let portal: RunningPortal;
const teardown = new Teardown();

interface Station {
  ws: Workstation;
  engine: SyncEngine;
}

describe.skipIf(!reachable || !hasSecretService)('unsent work across expiry and lost answers', () => {
  let service: string;
  let dir: string;
  let proxy: Awaited<ReturnType<typeof startLossyProxy>>;

  beforeAll(async () => {
    await database.create();
    portal = await startDemoPortal({ databaseUrl: database.url });
    portalDb = new pg.Client(database.url);
    await portalDb.connect();
  }, 120_000);

  afterAll(async () => {
    await portalDb?.end();
    await portal?.close();
    await database.drop();
  });

  afterEach(async () => {
    await teardown.run();
    for (const entry of await keytar.findCredentials(service))
      await keytar.deletePassword(service, entry.account);
    rmSync(dir, { recursive: true, force: true });
    await portalDb.query('UPDATE staff SET active = true');
  });

  async function setUp(): Promise<void> {
    service = `${KEYCHAIN_SERVICE}.test-${randomUUID()}`;
    dir = mkdtempSync(join(tmpdir(), 'ws-continuity-'));
    proxy = await startLossyProxy(portal.url);
    teardown.add(proxy.close);
  }

  /** A workstation process: a new one after a "restart" shares the keychain and the folder. */
  function station(options: { nudges?: boolean } = {}): Station {
    const made = portalWorkstation({
      portalUrl: proxy.url,
      secrets: createKeychainSecretStore(service),
      dir,
      nudges: options.nudges ?? false,
      pollIntervalMs: 600_000,
      backoff: FAST_BACKOFF,
    });
    teardown.add(() => made.ws.session.shutdown());
    return made;
  }

  async function signedIn(options: { nudges?: boolean } = {}): Promise<Station & { patientId: string }> {
    const made = station(options);
    await made.ws.session.signIn({ username: 'terapeut1', password: DEMO_PASSWORD });
    await made.engine.syncNow();
    const patientId = made.ws.round.queue().items[0]!.patientId;
    return { ...made, patientId };
  }

  const cacheFiles = () => {
    try {
      return readdirSync(join(dir, 'cache')).filter((f) => f.endsWith('.sqlite'));
    } catch {
      return [];
    }
  };
  const keychainEntries = async () => (await keytar.findCredentials(service)).map((c) => c.account);
  const messagesAtPortal = async (body: string) =>
    Number(
      (await portalDb.query<{ n: string }>('SELECT count(*) AS n FROM message WHERE body = $1', [body]))
        .rows[0]!.n,
    );
  const revokedFamilies = async () =>
    Number(
      (
        await portalDb.query<{ n: string }>(
          'SELECT count(DISTINCT family_id) AS n FROM session WHERE revoked_at IS NOT NULL',
        )
      ).rows[0]!.n,
    );

  /**
   * Ten minutes pass: every access token expires. The notify (without revoking anything) flushes
   * the portal's short session cache and ends open event streams, as their expiry would; it is
   * delivered asynchronously, so this waits until the portal refuses the token last used.
   */
  async function expireAccessTokens(): Promise<void> {
    await portalDb.query(
      `WITH expired AS (
         UPDATE session SET access_expires_at = now() - interval '1 second'
          WHERE revoked_at IS NULL AND replaced_at IS NULL RETURNING family_id)
       SELECT pg_notify($1, family_id::text) FROM expired`,
      [REVOKE_CHANNEL],
    );
    const bearer = proxy.lastBearer();
    if (!bearer) return;
    const refused = async () =>
      (
        await fetch(`${portal.url}/api/v1/sync/pull`, {
          method: 'POST',
          headers: { Authorization: bearer, 'Content-Type': 'application/json' },
          body: JSON.stringify({ cursor: null, limit: 1 }),
        })
      ).status === 401;
    const deadline = Date.now() + 15_000;
    while (!(await refused())) {
      if (Date.now() > deadline) throw new Error('the portal kept honouring the expired access token');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  /**
   * The reply is written offline, so it waits in the outbox; `meanwhile` runs before the line
   * comes back (the engine retries within moments of that).
   */
  async function pendingReply(
    s: Station & { patientId: string },
    body: string,
    meanwhile: () => Promise<unknown> = async () => undefined,
  ): Promise<void> {
    proxy.setOffline(true);
    s.ws.round.perform('message.send', { patientId: s.patientId, body });
    await waitFor('the push to fail', () => s.engine.status().online === false && !s.engine.status().syncing);
    expect(s.ws.round.syncStatus().pending).toBe(1);
    await meanwhile();
    proxy.setOffline(false);
  }

  it('a lost refresh answer in a sync cycle signs nobody out; the reply arrives once', async () => {
    await setUp();
    const s = await signedIn();
    const body = `Svar ${randomUUID()}`;
    const revokedBefore = await revokedFamilies();
    // Back online, the engine's retry finds the access token expired and refreshes: that answer is lost.
    await pendingReply(s, body, async () => {
      await expireAccessTokens();
      proxy.dropAnswers(REFRESH, 1);
    });
    await waitFor(
      'the reply sent',
      () => s.ws.round.syncStatus().pending === 0 && !s.engine.status().syncing,
    );
    const status = s.engine.status();

    expect(proxy.answersDropped()).toBe(1);
    expect(proxy.count(REFRESH)).toBe(2);
    expect(status).toMatchObject({ pending: 0, lastError: null });
    expect(s.ws.session.state()).toMatchObject({ status: 'ready', signInNeeded: false });
    expect(await messagesAtPortal(body)).toBe(1);
    expect(await revokedFamilies()).toBe(revokedBefore);
    expect(cacheFiles()).toHaveLength(1);
  }, 60_000);

  it('a lost refresh answer at start-up opens the session locked, wipes nothing; the reply arrives once', async () => {
    await setUp();
    const first = await signedIn();
    const body = `Svar ${randomUUID()}`;
    await pendingReply(first, body, () => first.ws.session.shutdown());

    proxy.dropAnswers(REFRESH, 1);
    const next = station();
    expect(await next.ws.session.restore()).toMatchObject({ status: 'locked', signInNeeded: false });
    await waitFor(
      'the outbox to be sent',
      () => next.ws.round.syncStatus().pending === 0 && !next.engine.status().syncing,
    );

    expect(proxy.answersDropped()).toBe(1);
    expect(await messagesAtPortal(body)).toBe(1);
    expect(cacheFiles()).toHaveLength(1);
    expect(await keychainEntries()).toEqual(
      expect.arrayContaining([expect.stringMatching(/^cache-key:/), refreshTokenName(proxy.url)]),
    );
    expect((await next.ws.session.unlock({ password: DEMO_PASSWORD })).status).toBe('ready');
  }, 60_000);

  it('a lost refresh answer when the nudge stream reconnects signs nobody out; a reply still arrives once', async () => {
    await setUp();
    const s = await signedIn({ nudges: true });
    await waitFor('the nudge stream', () => s.engine.status().live);
    const refreshesBefore = proxy.count(REFRESH);

    // The stream ends with its access token; its reconnect is answered 401 and refreshes first.
    proxy.dropAnswers(REFRESH, 1);
    await expireAccessTokens();
    await waitFor(
      'the stream back',
      () => proxy.count(REFRESH) > refreshesBefore && s.engine.status().live,
      30_000,
    );

    expect(proxy.answersDropped()).toBe(1);
    expect(s.ws.session.state()).toMatchObject({ status: 'ready', signInNeeded: false });
    const body = `Svar ${randomUUID()}`;
    s.ws.round.perform('message.send', { patientId: s.patientId, body });
    await waitFor(
      'the reply sent',
      () => s.ws.round.syncStatus().pending === 0 && !s.engine.status().syncing,
    );
    expect(await messagesAtPortal(body)).toBe(1);
    expect(cacheFiles()).toHaveLength(1);
  }, 60_000);

  it('a refresh token that expired overnight opens locked; signing in sends the replies once', async () => {
    await setUp();
    const first = await signedIn();
    const body = `Svar ${randomUUID()}`;
    await pendingReply(first, body, async () => {
      await first.ws.session.shutdown();
      await portalDb.query("UPDATE session SET refresh_expires_at = now() - interval '1 second'");
    });

    const next = station();
    expect(await next.ws.session.restore()).toMatchObject({ status: 'locked', signInNeeded: true });
    expect(cacheFiles()).toHaveLength(1);
    expect(await messagesAtPortal(body)).toBe(0);

    expect(await next.ws.session.unlock({ password: DEMO_PASSWORD })).toMatchObject({
      status: 'ready',
      signInNeeded: false,
    });
    await waitFor(
      'the outbox to be sent',
      () => next.ws.round.syncStatus().pending === 0 && !next.engine.status().syncing,
    );
    expect(await messagesAtPortal(body)).toBe(1);
    // A second sync sends nothing again.
    await next.engine.syncNow();
    expect(await messagesAtPortal(body)).toBe(1);
  }, 60_000);

  it('a deactivated account: each unsent change is shown with its text, and nothing goes before the decision', async () => {
    await setUp();
    const s = await signedIn();
    const body = `Svar ${randomUUID()}`;
    await pendingReply(s, body, async () => {
      await portalDb.query(
        "UPDATE staff SET active = false WHERE id = (SELECT principal_id FROM account WHERE username = 'terapeut1')",
      );
      await expireAccessTokens();
    });

    await s.engine.syncNow();
    await waitFor('the decision', () => s.ws.session.state().status === 'cache-problem');
    const state = s.ws.session.state();
    if (state.status !== 'cache-problem') throw new Error('expected the decision');
    expect(state.problem).toMatchObject({
      cause: 'account-inactive',
      action: 'revoked',
      detailsHidden: false,
      pending: [{ type: 'message.send', text: body, patientName: expect.any(String) }],
    });
    expect(cacheFiles()).toHaveLength(1);
    expect(await keychainEntries()).toEqual(expect.arrayContaining([expect.stringMatching(/^cache-key:/)]));
    expect(await messagesAtPortal(body)).toBe(0);

    const after = await s.ws.session.resolveCacheProblem({ problemId: state.problem.id, choice: 'discard' });
    expect(after).toMatchObject({
      status: 'signed-out',
      notice: { code: 'revoked', cause: 'account-inactive' },
    });
    expect(JSON.stringify(after)).not.toContain(body);
    expect(cacheFiles()).toEqual([]);
    expect(await keychainEntries()).toEqual([]);
  }, 60_000);
});
