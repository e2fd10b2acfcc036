/// <reference lib="dom" />
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import WebSocket from 'ws';
import { BRIDGE_PATH } from '../host/host';
import { expect, test } from './fixtures';

test('a therapist signs in and the round queue is shown from the encrypted cache', async ({ page }) => {
  const form = page.getByTestId('sign-in-form');
  await expect(form).toBeVisible();

  // The embedded demo portal lists its accounts; choosing one fills the form.
  await page.getByTestId('demo-account').filter({ hasText: 'terapeut1' }).click();
  await form.getByRole('button', { name: /logg inn/i }).click();

  const rows = page.getByTestId('queue-row');
  await expect(rows.first()).toBeVisible({ timeout: 30_000 });
  // The demo clinic gives every therapist patients with risk flags and unanswered messages.
  await expect(page.getByTestId('reason-chip').first()).toBeVisible();
  // Rows arrive page by page while the initial sync runs; the whole caseload fills the view.
  await expect.poll(() => rows.count()).toBeGreaterThan(5);
  await expect(page.getByTestId('sync-status')).toBeVisible();
});

test('the interface is Norwegian by default and switches to English', async ({ page }) => {
  await expect(page.locator('html')).toHaveAttribute('lang', 'nb');
  await expect(page.getByRole('button', { name: /logg inn/i })).toBeVisible();
  await page.getByTestId('language-switch').selectOption('en');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByRole('button', { name: /sign in/i })).toBeVisible();
});

test('the page runs under a strict content security policy', async ({ page }) => {
  await expect(page.locator('meta[http-equiv="Content-Security-Policy"]')).toHaveCount(1);
  // An injected inline script must not run.
  const ran = await page.evaluate(() => {
    const script = document.createElement('script');
    script.textContent = 'window.__inlineRan = true';
    document.body.append(script);
    return (window as unknown as { __inlineRan?: boolean }).__inlineRan === true;
  });
  expect(ran).toBe(false);
  // Nor may the page talk to any other origin: here a real server on another loopback port, which
  // would answer any page (CORS allows all), so only the policy can stop the request.
  const reached: string[] = [];
  const other = createServer((request, response) => {
    reached.push(request.url ?? '');
    response.writeHead(200, { 'access-control-allow-origin': '*' }).end('reached');
  });
  await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
  try {
    const url = `http://127.0.0.1:${(other.address() as AddressInfo).port}/probe`;
    const fetched = await page.evaluate(
      (target) =>
        fetch(target).then(
          (r) => r.text(),
          () => 'blocked',
        ),
      url,
    );
    expect(fetched).toBe('blocked');
    expect(reached).toEqual([]);
  } finally {
    other.close();
  }
});

test('after a round, browser storage holds no patient data', async ({ page }) => {
  await page.getByTestId('demo-account').filter({ hasText: 'terapeut1' }).click();
  await page
    .getByTestId('sign-in-form')
    .getByRole('button', { name: /logg inn/i })
    .click();
  const rows = page.getByTestId('queue-row');
  await expect.poll(() => rows.count(), { timeout: 30_000 }).toBeGreaterThan(5);
  // Through the queue by keyboard, a sync on demand, the other language and back.
  await rows.first().focus();
  for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowDown');
  await page.getByRole('button', { name: /synkroniser nå/i }).click();
  await page.getByTestId('language-switch').selectOption('en');
  await page.getByTestId('language-switch').selectOption('nb');
  await expect(rows.first()).toBeVisible();

  const storage = await page.evaluate(async () => ({
    local: Object.fromEntries(Object.entries(localStorage)),
    session: Object.keys(sessionStorage),
    indexedDb: (await indexedDB.databases()).map((database) => database.name),
    cacheStorage: 'caches' in window ? await caches.keys() : [],
    cookies: document.cookie,
  }));
  // The one thing the renderer may keep: the interface language.
  expect(storage).toEqual({
    local: { 'ui.language': 'nb' },
    session: [],
    indexedDb: [],
    cacheStorage: [],
    cookies: '',
  });
});

test('the IPC bridge refuses a second connection with the same token', async ({ host, page }) => {
  test.skip(host === null, 'the WebSocket bridge exists only in test-host mode');
  await expect(page.getByTestId('sign-in-form')).toBeVisible();
  const origin = new URL(host!.url).origin;
  const status = await new Promise<number>((resolve) => {
    const ws = new WebSocket(`${origin.replace('http', 'ws')}${BRIDGE_PATH}?token=${host!.token}`, {
      headers: { Origin: origin },
    });
    ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.on('open', () => {
      ws.close();
      resolve(101);
    });
  });
  expect(status).toBe(403);
});

test('payloads that fail the contract are refused by the core', async ({ page }) => {
  await expect(page.getByTestId('sign-in-form')).toBeVisible();
  const result = await page.evaluate(() =>
    (window.api['patient.get'] as (r: unknown) => Promise<unknown>)({ patientId: 'not-a-uuid', extra: 1 }),
  );
  expect(result).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
});
