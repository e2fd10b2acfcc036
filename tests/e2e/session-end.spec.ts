/// <reference lib="dom" />
import { randomUUID } from 'node:crypto';
import type { Page } from '@playwright/test';
import pg from 'pg';
import { REVOKE_CHANNEL } from '../../src/portal/auth/tokens';
import { DEMO_PASSWORD } from '../../src/portal/seed/accounts';
import { type RunningPortal, startPortal } from '../../src/portal/server';
import { type TestHost, startTestHost } from '../host/host';
import { expect, openInChromium, test } from './fixtures';

/**
 * What the therapist sees when the portal session ends: an expiry locks the screen and the
 * password signs in again; a revocation lists each unsent change with its text before anything
 * goes. The portal runs on its own PostgreSQL database so the spec can make time pass in its
 * session table (and deactivate an account), which no API offers.
 */
const serverUrl = process.env.TEST_DATABASE_URL;
const databaseName = `e2e_session_${randomUUID().replaceAll('-', '')}`;

test.describe('when the portal session ends', () => {
  test.skip(!serverUrl, 'needs TEST_DATABASE_URL (a PostgreSQL server the spec can reach)');

  let admin: pg.Client;
  let portalDb: pg.Client;
  let portal: RunningPortal;
  let databaseUrl: string;
  let host: TestHost;
  let page: Page;
  let closePage: () => Promise<void>;

  test.beforeAll(async () => {
    admin = new pg.Client(serverUrl);
    await admin.connect();
    await admin.query(`CREATE DATABASE ${databaseName}`);
    databaseUrl = Object.assign(new URL(serverUrl!), { pathname: `/${databaseName}` }).toString();
    portal = await startPortal({ port: 0, seed: 'demo', logLevel: 'silent', databaseUrl });
    portalDb = new pg.Client(databaseUrl);
    await portalDb.connect();
    host = await startTestHost({ env: { PORTAL_URL: portal.url } });
    ({ page, close: closePage } = await openInChromium(host));
  });

  test.afterAll(async () => {
    await closePage?.();
    await host?.close();
    await portalDb?.end();
    await portal?.close();
    await admin?.query(`DROP DATABASE IF EXISTS ${databaseName} WITH (FORCE)`);
    await admin?.end();
  });

  /** Every access token expires now; the notify flushes the portal's session cache. */
  const expireAccessTokens = () =>
    portalDb.query(
      `WITH expired AS (UPDATE session SET access_expires_at = now() - interval '1 second'
                         WHERE revoked_at IS NULL RETURNING family_id)
       SELECT pg_notify($1, family_id::text) FROM expired`,
      [REVOKE_CHANNEL],
    );

  async function signIn() {
    const form = page.getByTestId('sign-in-form');
    await form.getByLabel(/brukernavn/i).fill('terapeut1');
    await form.getByLabel(/passord/i).fill(DEMO_PASSWORD);
    await form.getByRole('button', { name: /logg inn/i }).click();
    await expect(page.getByTestId('queue-row').first()).toBeVisible({ timeout: 30_000 });
  }

  test('an expired session locks the screen, and the password signs in again', async () => {
    await signIn();
    await portalDb.query("UPDATE session SET refresh_expires_at = now() - interval '1 second'");
    await expireAccessTokens();
    // The nudge stream's reconnect may find the expiry first; a sync makes sure something does.
    await page.evaluate(() => window.api['sync.now']());

    await expect(page.getByRole('heading', { name: 'Logg inn igjen' })).toBeVisible();
    await expect(page.getByText(/Ingenting er tapt/)).toBeVisible();
    await expect(page.getByTestId('queue-row')).toHaveCount(0);
    await page.screenshot({ path: test.info().outputPath('session-expired-locked.png') });

    await page.getByLabel('Passord').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Logg inn igjen' }).click();
    await expect(page.getByTestId('queue-row').first()).toBeVisible();
  });

  test('a deactivated account shows each unsent change with its text before anything is deleted', async () => {
    const note = `Notat skrevet før kontoen ble deaktivert ${randomUUID().slice(0, 8)}`;
    // Written while the portal is down, the note waits in the outbox.
    const { port } = portal;
    await portal.close();
    await page.evaluate(async (body) => {
      const queue = await window.api['queue.get']();
      if (!queue.ok) throw new Error('no queue');
      await window.api['note.add']({ patientId: queue.value.items[0]!.patientId, body });
    }, note);
    await portalDb.query(
      "UPDATE staff SET active = false WHERE id = (SELECT principal_id FROM account WHERE username = 'terapeut1')",
    );
    portal = await startPortal({ port, seed: false, logLevel: 'silent', databaseUrl });
    // Back online, the refresh is refused for the deactivated account.
    await page.evaluate(() => window.api['sync.now']());

    await expect(page.getByRole('heading', { name: 'Økten er avsluttet av portalen' })).toBeVisible();
    await expect(page.getByText(/kontoen er deaktivert/)).toBeVisible();
    const text = page.getByRole('textbox', { name: /Teksten i Journalnotat/ });
    await expect(text).toHaveValue(note);
    // A deactivated account cannot sign in again: only signing out is offered.
    await expect(page.getByRole('button', { name: /Logg inn på nytt/ })).toHaveCount(0);
    await page.screenshot({ path: test.info().outputPath('session-revoked-decision.png'), fullPage: true });

    await page.getByRole('button', { name: 'Slett og logg ut' }).click();
    await expect(page.getByTestId('sign-in-form')).toBeVisible();
    await expect(page.getByRole('alert')).toContainText('Kontoen din er deaktivert');
    await expect(page.getByText(note)).toHaveCount(0);
    await page.screenshot({ path: test.info().outputPath('session-revoked-signed-out.png') });
  });
});
