import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { buildPortal } from '../../src/portal/app';
import { createPortalContext } from '../../src/portal/context';
import { openDatabase } from '../../src/portal/db/open';
import { createLogger } from '../../src/portal/logger';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../../src/portal/seed/accounts';
import { seedIfEmpty } from '../../src/portal/seed/seed';
import { startPortal } from '../../src/portal/server';

describe('startPortal (embedded, PGlite)', () => {
  it('seeds the demo clinic, every documented demo login works, and close() ends open event streams', async () => {
    const portal = await startPortal({ port: 0, dataDir: 'memory://', seed: 'demo', logLevel: 'silent' });
    let closed = false;
    try {
      expect(portal.url).toBe(`http://127.0.0.1:${portal.port}`);
      expect(await (await fetch(`${portal.url}/health`)).json()).toEqual({
        status: 'ok',
        database: 'pglite',
        demo: true,
      });
      expect(portal.demo).toBe(true);
      expect(portal.demoAccounts).toEqual(DEMO_ACCOUNTS);
      let staffToken = '';
      for (const account of portal.demoAccounts) {
        const response = await fetch(`${portal.url}/api/v1/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ username: account.username, password: account.password }),
        });
        const body = (await response.json()) as { accessToken: string; principal: { role: string } };
        expect(response.status).toBe(200);
        expect(body.principal.role).toBe(account.role);
        if (account.role === 'therapist') staffToken = body.accessToken;
      }
      const events = await fetch(`${portal.url}/api/v1/sync/events`, {
        headers: { authorization: `Bearer ${staffToken}` },
      });
      expect(events.status).toBe(200);
      const closing = portal.close().then(() => (closed = true));
      await Promise.race([closing, new Promise((resolve) => setTimeout(resolve, 5000))]);
      expect(closed).toBe(true);
    } finally {
      if (!closed) await portal.close();
    }
  });
});

describe('logs', () => {
  it('carry route, status and request id, never passwords, tokens or what patients write', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString('utf8'));
        done();
      },
    });
    const logger = createLogger('info', sink);
    const db = await openDatabase({ dataDir: 'memory://' }, logger);
    await seedIfEmpty(db, 'demo');
    const context = await createPortalContext(db);
    const app = await buildPortal(context, logger);
    try {
      const login = await app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { username: 'pasient1', password: DEMO_PASSWORD },
      });
      const { accessToken, refreshToken } = login.json();
      const secret = `Hemmelig melding ${randomUUID()}`;
      const sent = await app.inject({
        method: 'POST',
        url: '/api/v1/patient/me/messages',
        headers: { authorization: `Bearer ${accessToken}` },
        payload: { body: secret },
      });
      expect(sent.statusCode).toBe(200);
      await app.inject({
        method: 'POST',
        url: '/api/v1/patient/me/messages',
        payload: { body: secret, extra: 1 },
      });
      // A token sent as a query parameter (as an event stream might) must not reach the log.
      await app.inject({ method: 'GET', url: `/api/v1/sync/events?access_token=${accessToken}` });
      const log = lines.join('');
      expect(log).toContain('/api/v1/patient/me/messages');
      expect(log).toContain('"statusCode":200');
      expect(log).toContain(`"reqId":"${sent.headers['x-request-id']}"`);
      for (const forbidden of [DEMO_PASSWORD, accessToken, refreshToken, secret, 'Hemmelig']) {
        expect(log).not.toContain(forbidden);
      }
    } finally {
      await app.close();
      context.stop();
      await db.close();
    }
  });
});
