/// <reference lib="dom" />
import type { Page } from '@playwright/test';
import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_PASSWORD } from '../../src/portal/seed/accounts';
import { type RunningPortal, startPortal } from '../../src/portal/server';
import { type TestHost, startTestHost } from '../host/host';
import { expect, openInChromium, test } from './fixtures';
import { expectAccessible } from './accessibility';

/**
 * The patient screen end to end, from the keyboard: open a patient from the queue, acknowledge
 * the flag, reply and go on to the next; a reply written with the portal down arrives once; a
 * draft survives closing the app. Screenshots are kept under test-results/patient-view/.
 */

const SCREENSHOTS = join('test-results', 'patient-view');
const LAPTOP = { width: 1280, height: 800 };

async function signIn(page: Page) {
  const form = page.getByTestId('sign-in-form');
  await form.getByLabel('Brukernavn').fill('terapeut1');
  await form.getByLabel('Passord').fill(DEMO_PASSWORD);
  await form.getByRole('button', { name: 'Logg inn' }).click();
  await expect(page.getByTestId('queue-row').first()).toBeVisible({ timeout: 30_000 });
}

/** Opens the queue's first patient with the keyboard and waits for their record. */
async function openFirstPatient(page: Page): Promise<string> {
  const first = page.getByTestId('queue-row').first();
  await first.focus();
  await page.keyboard.press('Enter');
  const screen = page.getByTestId('patient-screen');
  await expect(screen).toHaveAttribute('data-ready', 'true');
  return (await screen.getAttribute('data-patient-id')) as string;
}

test.beforeAll(async () => {
  await mkdir(SCREENSHOTS, { recursive: true });
});

// Starting the host's embedded demo portal counts against the test's time.
test.describe.configure({ timeout: 180_000 });

test('a flagged patient is worked from the keyboard: acknowledge, reply, send and next', async ({ page }) => {
  await page.setViewportSize(LAPTOP);
  await signIn(page);
  // Rows arrive page by page in the first sync; once it is done, a flagged patient leads.
  await expect
    .poll(() =>
      page.evaluate(async () => {
        const status = await window.api['sync.status']();
        return status.ok && !status.value.initialSync.running && status.value.lastSyncAt !== null;
      }),
    )
    .toBe(true);
  const order = await page.evaluate(async () => {
    const queue = await window.api['queue.get']();
    return queue.ok ? queue.value.items.map((item) => ({ id: item.patientId, name: item.name })) : [];
  });
  await expect(page.getByTestId('queue-row').first()).toContainText(order[0]!.name);
  await expect(page.getByTestId('queue-row').first().getByTestId('reason-chip').first()).toHaveAttribute(
    'data-reason',
    /-flag$/,
  );
  const patientId = await openFirstPatient(page);
  expect(patientId).toBe(order[0]!.id);

  const screen = page.getByTestId('patient-screen');
  // The page stays within the window: only the columns scroll.
  expect(await page.evaluate(() => document.documentElement.scrollHeight)).toBeLessThanOrEqual(LAPTOP.height);
  await expect(screen.getByTestId('this-week')).toBeVisible();
  await expect(screen.locator('[data-testid="flag"][data-status="open"]').first()).toBeVisible();
  await expect(page.getByRole('heading', { level: 1 })).toBeFocused();
  await page.screenshot({ path: join(SCREENSHOTS, 'patient-view-flagged.png') });
  await expectAccessible(page, 'the patient view');

  // "Send and next" is refused while a flag is open, before anything is sent, and points to the flag.
  await page.keyboard.press('r');
  const composer = page.getByTestId('composer-input');
  await expect(composer).toBeFocused();
  const reply = `Takk for at du fortalte meg dette. Jeg ringer deg i dag. ${randomUUID().slice(0, 8)}`;
  await page.keyboard.type(reply);
  await page.keyboard.press('Control+Shift+Enter');
  const refused = page.getByTestId('done-refused');
  await expect(refused).toContainText('risikoflagg er ikke kvittert');
  await expect(composer).toHaveValue(reply);
  await page.screenshot({ path: join(SCREENSHOTS, 'patient-view-done-refused.png') });
  await refused.getByRole('button', { name: 'Gå til flagget' }).click();
  await expect(screen.locator('[data-testid="flag"][data-status="open"] button').first()).toBeFocused();

  // Acknowledge every open flag with a note, from the keyboard.
  const openFlags = screen.locator('[data-testid="flag"][data-status="open"]');
  while ((await openFlags.count()) > 0) {
    await screen.locator('[data-testid="flag"][data-status="open"] button').first().focus();
    await page.keyboard.press('Enter');
    const form = page.getByTestId('acknowledge-form');
    await expect(form.getByRole('textbox')).toBeFocused();
    // Without a note the flag is not acknowledged.
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await expect(form.getByRole('alert')).toContainText('tom');
    await form.getByRole('textbox').focus();
    await page.keyboard.type('Ringte pasienten, avtalte samtale i morgen.');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await expect(form).toHaveCount(0);
  }
  await expect(screen.getByTestId('flag-acknowledged').first()).toContainText('Kvittert av');
  await expect(page.getByRole('heading', { name: /Risikoflagg/ })).toBeFocused();

  // Reply and "send and next": the next patient in the order the queue showed when this one was
  // opened (acknowledging the flag has since moved this patient down the live queue).
  await expect(refused).toHaveCount(0);
  await page.keyboard.press('r');
  await expect(composer).toHaveValue(reply);
  await page.keyboard.press('Control+Shift+Enter');
  await expect(screen).toHaveAttribute('data-patient-id', order[1]!.id);
  await expect(screen).toHaveAttribute('data-ready', 'true');
  await expect(page.getByTestId('composer-input')).toHaveValue('');

  // Escape goes back to the queue; the reply was sent once and the patient is done this round.
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('queue-row').first()).toBeVisible();
  const sent = await page.evaluate(async (id) => {
    const detail = await window.api['patient.get']({ patientId: id });
    return detail.ok
      ? { messages: detail.value.messages.map((m) => m.body), round: detail.value.round.status }
      : null;
  }, patientId);
  expect(sent?.messages.filter((body) => body === reply)).toHaveLength(1);
  expect(sent?.round).toBe('done');
});

test.describe('with a portal the spec can stop', () => {
  test.describe.configure({ mode: 'serial' });
  let portalDir: string;
  let userDataDir: string;
  let portal: RunningPortal;
  let host: TestHost;
  let page: Page;
  let closePage: () => Promise<void>;

  test.beforeAll(async () => {
    // A portal seeded with the demo clinic on PGlite, then the first sync of a workstation.
    test.setTimeout(180_000);
    portalDir = await mkdtemp(join(tmpdir(), 'patient-view-portal-'));
    userDataDir = await mkdtemp(join(tmpdir(), 'patient-view-app-'));
    portal = await startPortal({ port: 0, seed: 'demo', logLevel: 'silent', dataDir: portalDir });
    host = await startTestHost({ env: { PORTAL_URL: portal.url }, userDataDir });
    ({ page, close: closePage } = await openInChromium(host));
    await page.setViewportSize(LAPTOP);
    await signIn(page);
  });

  test.afterAll(async () => {
    await closePage?.();
    await host?.close();
    await portal?.close();
    await rm(portalDir, { recursive: true, force: true });
    await rm(userDataDir, { recursive: true, force: true });
  });

  /** The portal's copy of a therapist's messages, through the staff sync API. */
  async function messagesAtPortal(body: string): Promise<number> {
    const login = await fetch(`${portal.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'terapeut1', password: DEMO_PASSWORD }),
    });
    const { accessToken } = (await login.json()) as { accessToken: string };
    const ids = new Set<string>();
    let cursor: string | null = null;
    for (;;) {
      const response = await fetch(`${portal.url}/api/v1/sync/pull`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${accessToken}` },
        body: JSON.stringify({ cursor }),
      });
      const pulled = (await response.json()) as {
        changes: { entity: string; op: string; record?: { id: string; body?: string } }[];
        cursor: string;
        hasMore: boolean;
      };
      for (const change of pulled.changes) {
        if (change.entity === 'message' && change.record?.body === body) ids.add(change.record.id);
      }
      cursor = pulled.cursor;
      if (!pulled.hasMore) return ids.size;
    }
  }

  test('unread messages are marked, and marked read in one call once they have been on screen', async () => {
    // The queue's first patient with unread messages, reached from the keyboard.
    const target = await page.evaluate(async () => {
      const queue = await window.api['queue.get']();
      const items = queue.ok ? queue.value.items : [];
      // Two or more unread show the batch best; the demo clinic may have only single ones.
      const several = items.findIndex((item) => item.unreadMessages > 1);
      const index = several >= 0 ? several : items.findIndex((item) => item.unreadMessages > 0);
      return { index, patientId: items[index]?.patientId, unread: items[index]?.unreadMessages };
    });
    expect(target.index).toBeGreaterThanOrEqual(0);
    // Every markRead call the page makes, as the core receives it.
    const markRead: string[][] = [];
    const { router } = host.runtime;
    const invoke = router.invoke.bind(router);
    router.invoke = (channel, payload) => {
      if (channel === 'message.markRead') markRead.push((payload as { messageIds: string[] }).messageIds);
      return invoke(channel, payload);
    };

    await page.getByTestId('queue-row').first().focus();
    for (let i = 0; i < target.index; i += 1) await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    const screen = page.getByTestId('patient-screen');
    await expect(screen).toHaveAttribute('data-ready', 'true');
    await expect(screen).toHaveAttribute('data-patient-id', target.patientId!);

    const unreadNow = () =>
      page.evaluate(async (patientId) => {
        const detail = await window.api['patient.get']({ patientId });
        return detail.ok
          ? detail.value.messages.filter((m) => m.authorKind === 'patient' && !m.readAt).length
          : -1;
      }, target.patientId!);
    await expect.poll(unreadNow).toBe(0);
    // Read now, and still marked new for this visit.
    await expect(page.getByTestId('thread').getByText('Ny', { exact: true })).toHaveCount(target.unread!);
    expect(markRead.map((ids) => ids.length)).toEqual([target.unread]);
    router.invoke = invoke;
    await page.screenshot({ path: join(SCREENSHOTS, 'patient-view-unread.png') });
    // The record column scrolled to the symptom trend, beside the thread: the README's picture.
    await page
      .getByTestId('trend-instrument')
      .first()
      .evaluate((trend) => trend.scrollIntoView({ block: 'start' }));
    await page.screenshot({ path: join(SCREENSHOTS, 'patient-view-thread-trend.png') });
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('queue-row').first()).toBeVisible();
  });

  test('a reply sent while the portal is down waits, then reaches the portal exactly once', async () => {
    await openFirstPatient(page);
    const { port } = portal;
    await portal.close();

    const reply = `Skrevet uten nett ${randomUUID().slice(0, 8)}`;
    await page.keyboard.press('r');
    await page.keyboard.type(reply);
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    const mine = page.getByTestId('message').filter({ hasText: reply });
    await expect(mine.getByTestId('delivery')).toHaveAttribute('data-state', 'pending');
    await expect(page.getByTestId('composer-input')).toHaveValue('');
    await page.screenshot({ path: join(SCREENSHOTS, 'patient-view-offline-pending.png') });

    portal = await startPortal({ port, seed: false, logLevel: 'silent', dataDir: portalDir });
    await page.evaluate(() => window.api['sync.now']());
    await expect(mine.getByTestId('delivery')).toHaveAttribute('data-state', 'sent', { timeout: 30_000 });
    // Another sync sends nothing again.
    await page.evaluate(() => window.api['sync.now']());
    expect(await messagesAtPortal(reply)).toBe(1);
  });

  test('a draft survives closing the app and is there after the next start', async () => {
    const patientId = await page.getByTestId('patient-screen').getAttribute('data-patient-id');
    const draft = `Utkast som skal overleve ${randomUUID().slice(0, 8)}`;
    await page.keyboard.press('r');
    await page.keyboard.type(draft);
    await expect(page.getByTestId('draft-status')).toContainText('Utkast lagret');

    await closePage();
    await host.close();
    host = await startTestHost({ env: { PORTAL_URL: portal.url }, userDataDir });
    ({ page, close: closePage } = await openInChromium(host));
    await page.setViewportSize(LAPTOP);

    // The app opens locked after a restart; the password opens the same cache.
    await page.getByLabel('Passord').fill(DEMO_PASSWORD);
    await page.getByLabel('Passord').press('Enter');
    const row = page.getByTestId('queue-row').filter({ hasText: 'Utkast' }).first();
    await expect(row).toBeVisible({ timeout: 30_000 });
    await row.focus();
    await page.keyboard.press('Enter');
    const screen = page.getByTestId('patient-screen');
    await expect(screen).toHaveAttribute('data-ready', 'true');
    await expect(screen).toHaveAttribute('data-patient-id', patientId!);
    await expect(page.getByTestId('composer-input')).toHaveValue(draft);
    await page.screenshot({ path: join(SCREENSHOTS, 'patient-view-draft-restored.png') });
  });
});
