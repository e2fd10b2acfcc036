/// <reference lib="dom" />
import type { Locator, Page } from '@playwright/test';
import { join } from 'node:path';
import { phq9 } from '../portal/answers';
import type { TestHost } from '../host/host';
import { actAs } from '../main/core/sync/support/portal-actor';
import { expect, test } from './fixtures';
import { expectAccessible } from './accessibility';

/**
 * The therapist's round from the queue: sign in, what comes first and why, a new risk answer
 * rising to the top without a click, marking done and snoozing from the keyboard, the refusal to
 * mark a flagged patient done, and the idle lock. Each screen passes an axe check and is kept as a
 * screenshot under test-results/round-queue/.
 */

const SCREENSHOTS = join('test-results', 'round-queue');
const WINDOW = { width: 1280, height: 800 };

const shoot = (page: Page, name: string) => page.screenshot({ path: join(SCREENSHOTS, `${name}.png`) });

/** The window's layout: the page's height against the window's, the header's and the list's. */
const layoutOf = (page: Page) =>
  page.evaluate(() => ({
    page: document.scrollingElement!.scrollHeight,
    window: window.innerHeight,
    header: document.querySelector('[data-testid="app-header"]')!.getBoundingClientRect().height,
    list: document.querySelector('[data-testid="queue-scroll"]')!.scrollHeight,
    syncShown: document.querySelector('[data-testid="sync-connection"]')!.getBoundingClientRect().width > 0,
  }));

/** Signs in as a demo account from the sign-in screen's list, and waits for the whole queue. */
async function signIn(page: Page, username = 'terapeut1'): Promise<Locator> {
  await page.setViewportSize(WINDOW);
  await page.getByTestId('demo-account').filter({ hasText: username }).click();
  await page
    .getByTestId('sign-in-form')
    .getByRole('button', { name: /logg inn/i })
    .click();
  if (username.startsWith('teamleder')) await page.getByTestId('nav-round').click({ timeout: 30_000 });
  const rows = page.getByTestId('queue-row');
  await expect(rows.first()).toBeVisible({ timeout: 30_000 });
  return rows;
}

/** The patient the focused element belongs to (a row or one of its buttons). */
const focusedPatient = (page: Page) =>
  page.evaluate(() => document.activeElement?.closest('[data-patient-id]')?.getAttribute('data-patient-id'));

const patientIdOf = (row: Locator) => row.getAttribute('data-patient-id');

/**
 * A demo patient answers this week's PHQ-9 with item 9 at 2 through the portal's patient API,
 * which raises an urgent flag. Returns the patient's id.
 */
async function answerSuicidalItem(host: TestHost | null, username: string): Promise<string> {
  const patient = await actAs(host!.runtime.embeddedPortal!.url, username);
  await patient.send('POST', '/api/v1/patient/me/questionnaires', {
    instrumentId: 'phq-9',
    answers: phq9(2),
  });
  return patient.principal.id;
}

/** Records the order of the rendered rows at every change of the page, from now on. */
const recordRowOrders = (page: Page) =>
  page.evaluate(() => {
    const orders: string[][] = [];
    (window as unknown as { rowOrders: string[][] }).rowOrders = orders;
    new MutationObserver(() => {
      const ids = [...document.querySelectorAll('[data-testid="queue-row"]')].map(
        (row) => row.getAttribute('data-patient-id') ?? '',
      );
      if (ids.length > 0) orders.push(ids);
    }).observe(document.body, { subtree: true, childList: true, attributes: true });
  });
const rowOrders = (page: Page) =>
  page.evaluate(() => (window as unknown as { rowOrders: string[][] }).rowOrders);

test('sign-in lists staff demo accounts only, and passes an accessibility check', async ({ page }) => {
  await page.setViewportSize(WINDOW);
  const accounts = page.getByTestId('demo-account');
  await expect(accounts.first()).toBeVisible();
  await expect(accounts.filter({ hasText: 'terapeut1' })).toHaveCount(1);
  await expect(accounts.filter({ hasText: 'teamleder' })).toHaveCount(1);
  await expect(accounts.filter({ hasText: /pasient|henvist/ })).toHaveCount(0);
  await expect(accounts.filter({ hasText: 'Pasient' })).toHaveCount(0);
  await expectAccessible(page, 'sign-in');
  await shoot(page, 'sign-in');
});

test('the page carries a CSP meta tag the browser accepts, with no console error', async ({ page, host }) => {
  test.skip(host === null, 'loads the page a second time from the test host');
  // A second page of the same browser, listening from the start (the first one's bridge is taken).
  const second = await page.context().newPage();
  const errors: string[] = [];
  second.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  await second.goto(host!.url);
  const meta = await second.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  expect(meta).toContain("script-src 'self'");
  expect(meta).not.toContain('frame-ancestors');
  expect(errors.filter((text) => /Content Security Policy|frame-ancestors/i.test(text))).toEqual([]);
  await second.close();
});

test('the queue puts the urgent-risk patient first, with the counts and the round progress', async ({
  page,
  host,
}) => {
  test.skip(host === null, 'the patient answers through the embedded demo portal the test host runs');
  const urgentPatient = await answerSuicidalItem(host, 'pasient2');
  await expect(page.getByTestId('demo-account').first()).toBeVisible();
  await recordRowOrders(page);
  const rows = await signIn(page);
  await expect(rows.first()).toHaveAttribute('data-patient-id', urgentPatient);
  await expect(rows.first().locator('[data-reason="urgent-flag"]')).toBeVisible();

  // The first sync fills the cache page by page; the queue shows once it is done, in its order.
  await page.waitForTimeout(1_000);
  const orders = await rowOrders(page);
  const final = orders.at(-1)!;
  expect(orders.length).toBeGreaterThan(0);
  for (const order of orders) expect(order.slice(0, 8)).toEqual(final.slice(0, 8));

  const urgentCount = page.locator('[data-testid="reason-count"][data-reason="urgent-flag"]');
  const urgent = Number(await urgentCount.locator('.reason-count-number').textContent());
  expect(urgent).toBeGreaterThan(0);
  await expect(page.getByTestId('round-progress')).toHaveText(/^\d+ av \d+ ferdig denne uken$/);

  // A count filters the list to its patients, and pressing it again shows them all.
  const total = await page.evaluate(() => document.querySelectorAll('[data-testid="queue-row"]').length);
  await urgentCount.click();
  await expect(urgentCount).toHaveAttribute('aria-pressed', 'true');
  await expect(rows).toHaveCount(urgent);
  await expect(page.getByTestId('queue-showing')).toHaveText(new RegExp(`Viser ${urgent} av \\d+`));
  await urgentCount.click();
  await expect.poll(() => rows.count()).toBeGreaterThanOrEqual(total);

  // The window never scrolls: the header and the list stay, only the list scrolls.
  for (const size of [WINDOW, { width: 1024, height: 768 }]) {
    await page.setViewportSize(size);
    const layout = await layoutOf(page);
    expect(layout.page, `page height at ${size.width} px`).toBeLessThanOrEqual(layout.window);
    // One line: the header keeps its height (3.5 rem), whatever the width.
    expect(layout.header, `header height at ${size.width} px`).toBeLessThanOrEqual(57);
    expect(layout.list).toBeGreaterThan(layout.window);
  }
  await shoot(page, 'queue-1024');
  await page.setViewportSize(WINDOW);
  await page.mouse.move(640, 20);
  await page.mouse.wheel(0, 2000);
  await expect.poll(() => page.evaluate(() => document.scrollingElement!.scrollTop)).toBe(0);
  await expect(page.getByTestId('app-header')).toBeInViewport();

  await expectAccessible(page, 'queue');
  await shoot(page, 'queue');
});

test('a PHQ-9 with item 9 answered 2 brings that patient to the top without a click', async ({
  page,
  host,
}) => {
  test.skip(host === null, 'the patient answers through the embedded demo portal the test host runs');
  const rows = await signIn(page);
  const pasient1 = await actAs(host!.runtime.embeddedPortal!.url, 'pasient1');

  // The other urgent flags are acknowledged first (through the app), so "the top" is one place.
  await page.evaluate(async () => {
    const queue = await window.api['queue.get']();
    if (!queue.ok) throw new Error(queue.error.code);
    for (const item of queue.value.items.filter((i) => i.openFlags.urgent > 0)) {
      const detail = await window.api['patient.get']({ patientId: item.patientId });
      if (!detail.ok) throw new Error(detail.error.code);
      for (const flag of detail.value.flags.filter((f) => f.status === 'open' && f.severity === 'urgent')) {
        await window.api['flag.acknowledge']({ flagId: flag.id, note: 'Ringte pasienten samme dag.' });
      }
    }
  });
  await expect(rows.locator('[data-reason="urgent-flag"]')).toHaveCount(0);
  await expect(rows.first()).not.toHaveAttribute('data-patient-id', pasient1.principal.id);

  await answerSuicidalItem(host, 'pasient1');
  await expect(rows.first()).toHaveAttribute('data-patient-id', pasient1.principal.id, { timeout: 5_000 });
  await expect(rows.first().locator('[data-reason="urgent-flag"]')).toBeVisible();
});

test('marking done is refused while a flag is unacknowledged, and offers to open the flag', async ({
  page,
  host,
}) => {
  test.skip(host === null, 'the patient answers through the embedded demo portal the test host runs');
  const patientId = await answerSuicidalItem(host, 'pasient2');
  const rows = await signIn(page);
  const flagged = rows.first();
  await expect(flagged).toHaveAttribute('data-patient-id', patientId);
  await flagged.focus();
  await page.keyboard.press('d');

  const refusal = page.getByTestId('done-refused');
  await expect(refusal).toBeVisible();
  await expect(refusal).toContainText('ikke er kvittert');
  await expect(flagged).toHaveAttribute('data-round', 'open');
  expect(await focusedPatient(page)).toBe(patientId);
  // The button says it too, before it is pressed.
  await expect(flagged.getByTestId('row-done')).toHaveAccessibleDescription(/flagg ikke kvittert/);
  await flagged.getByTestId('row-done').click();
  await expect(refusal).toBeVisible();
  // The core refuses it as well, whatever screen asks.
  const answer = await page.evaluate((id) => window.api['round.markDone']({ patientId: id! }), patientId);
  expect(answer).toMatchObject({ ok: false, error: { code: 'conflict' } });
  await shoot(page, 'done-refused');

  await refusal.getByRole('button', { name: 'Åpne flagget' }).click();
  await expect(page.locator(`[data-patient-id="${patientId}"].patient-screen`)).toBeVisible();
});

test('the round from the keyboard: j/k, Enter, d, s, / and ?', async ({ page }) => {
  const rows = await signIn(page);
  // Focus lands on the first row by itself.
  await expect.poll(() => focusedPatient(page)).toBe(await patientIdOf(rows.first()));

  await page.keyboard.press('j');
  await page.keyboard.press('j');
  await page.keyboard.press('k');
  await page.keyboard.press('ArrowDown');
  const third = await patientIdOf(rows.nth(2));
  expect(await focusedPatient(page)).toBe(third);

  // Enter opens the patient; back in the queue, focus is where it was.
  await page.keyboard.press('Enter');
  await expect(page.locator(`.patient-screen[data-patient-id="${third}"]`)).toBeVisible();
  await page.getByRole('button', { name: 'Tilbake til runden' }).click();
  await expect.poll(() => focusedPatient(page)).toBe(third);

  // d on the first patient without a flag: done, sunk to the bottom, focus on the next one.
  const unflagged = page.locator(
    '[data-testid="queue-row"][data-round="open"]:not(:has([data-reason$="-flag"]))',
  );
  const target = unflagged.first();
  const targetId = await patientIdOf(target);
  await target.focus();
  const next = await page.evaluate(
    (id) =>
      document
        .querySelector(`[data-patient-id="${id}"]`)!
        .nextElementSibling?.getAttribute('data-patient-id'),
    targetId,
  );
  await page.keyboard.press('d');
  await expect(page.locator(`[data-patient-id="${targetId}"]`)).toHaveCount(0); // moved out of view
  await expect.poll(() => focusedPatient(page)).toBe(next);
  await expect(page.getByTestId('round-progress')).toHaveText(/^1 av \d+ ferdig denne uken$/);

  // s: a date picker on the next working day; Enter takes it.
  const snoozedId = await focusedPatient(page);
  await page.keyboard.press('s');
  const dialog = page.getByTestId('snooze-dialog');
  await expect(dialog).toBeVisible();
  await expect(dialog.getByLabel('Vis igjen fra')).toBeFocused();
  const day = await dialog.getByLabel('Vis igjen fra').inputValue();
  expect(new Date(`${day}T12:00:00Z`).getUTCDay()).not.toBe(0);
  expect(new Date(`${day}T12:00:00Z`).getUTCDay()).not.toBe(6);
  await expectAccessible(page, 'snooze dialog');
  await shoot(page, 'snooze-dialog');
  await page.keyboard.press('Enter');
  await expect(dialog).toHaveCount(0);
  await expect.poll(() => focusedPatient(page)).not.toBe(snoozedId);
  expect(await focusedPatient(page)).toBeTruthy();

  // The set-aside rows, at the end of the list, look unlike the open ones.
  await page.keyboard.press('End');
  const done = page.locator(`[data-patient-id="${targetId}"]`);
  const snoozed = page.locator(`[data-patient-id="${snoozedId}"]`);
  await expect(done).toHaveAttribute('data-round', 'done');
  await expect(snoozed).toHaveAttribute('data-round', 'snoozed');
  await expect(done.getByTestId('round-badge')).toHaveText(/Ferdig/);
  await expect(snoozed.getByTestId('round-badge')).toHaveText(/Utsatt til/);
  const background = (row: Locator) =>
    row.locator('.queue-card').evaluate((el) => getComputedStyle(el).backgroundColor);
  expect(await background(done)).not.toBe(await background(rows.first()));
  await shoot(page, 'queue-end');

  // / searches by name; Escape clears, and Escape again goes back to the list.
  const name = (await rows.first().locator('.patient-name').textContent())!;
  await page.keyboard.press('/');
  await expect(page.getByTestId('queue-search')).toBeFocused();
  await page.keyboard.type(name.slice(0, 5));
  await expect.poll(() => rows.count()).toBeLessThan(10);
  for (const text of await rows.locator('.patient-name').allTextContents()) {
    expect(text.toLowerCase()).toContain(name.slice(0, 5).toLowerCase());
  }
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('queue-search')).toHaveValue('');
  await page.keyboard.press('Escape');
  await expect.poll(() => focusedPatient(page)).toBeTruthy();

  // ? lists every shortcut of the app, the patient view's and the composer's included.
  const focusedBefore = await focusedPatient(page);
  expect(focusedBefore).toBeTruthy();
  await page.keyboard.press('?');
  const help = page.getByTestId('shortcuts-dialog');
  await expect(help).toBeVisible();
  for (const text of [
    'Tilbake til køen',
    'Neste pasient i runden',
    'Sett inn en mal',
    'Mellomrom',
    'Utsett til en dato',
  ]) {
    await expect(help).toContainText(text);
  }
  await expectAccessible(page, 'shortcuts dialog');
  await shoot(page, 'shortcuts');
  await page.keyboard.press('Escape');
  await expect(help).toHaveCount(0);
  expect(await focusedPatient(page)).toBe(focusedBefore);
});

test("a team lead's queue: the header on one line, only the list scrolls", async ({ page }) => {
  await signIn(page, 'teamleder');
  await expect(page.getByTestId('nav-round')).toHaveAttribute('aria-current', 'page');
  for (const size of [WINDOW, { width: 1024, height: 768 }]) {
    await page.setViewportSize(size);
    const layout = await layoutOf(page);
    expect(layout.page, `page height at ${size.width} px`).toBeLessThanOrEqual(layout.window);
    expect(layout.header, `header height at ${size.width} px`).toBeLessThanOrEqual(57);
    expect(layout.syncShown, `sync status at ${size.width} px`).toBe(true);
  }
  await shoot(page, 'team-lead-queue-1024');
});

// Failed on a quiet CI machine at the connection label (the engine's first status not yet "online"
// within 10 s); kept visible as a known failure until the status timing is understood.
test('sync status: connection, last sync, and "Synkroniser nå" says what it does', async ({ page }) => {
  await signIn(page);
  const status = page.getByTestId('sync-status');
  await expect(status.getByTestId('sync-connection')).toHaveText('Tilkoblet');
  await expect(status.getByTestId('last-sync')).toHaveText(/Synkronisert (akkurat nå|for \d+ minutt)/);
  const button = page.getByTestId('sync-now');
  await button.click();
  // On a quiet machine the sync ends before "Synkroniserer …" can be seen: assert its outcome.
  await expect(page.getByRole('status').getByText('Synkronisert', { exact: true })).toHaveCount(1);
  await expect(button).toHaveText('Synkroniser nå');
  await expect(status.getByTestId('last-sync')).toHaveText('Synkronisert akkurat nå');
});

test.describe('the idle lock', () => {
  test.use({ settings: { idleLockMinutes: 1 } });

  test('locks after the idle time, shows no patient data, and unlocks with the password', async ({
    page,
  }) => {
    // One minute idle, checked every 15 seconds.
    test.setTimeout(150_000);
    const rows = await signIn(page);
    const names = await rows.locator('.patient-name').allTextContents();
    expect(names.length).toBeGreaterThan(3);

    const locked = page.getByTestId('locked-screen');
    await expect(locked).toBeVisible({ timeout: 100_000 });
    const text = await page.locator('body').innerText();
    for (const name of names) expect(text).not.toContain(name);
    await expect(page.getByTestId('queue-row')).toHaveCount(0);

    // A wrong password: said as such, and the field keeps focus for the next try.
    const password = page.getByTestId('unlock-password');
    await expect(password).toBeFocused();
    await password.fill('ikke-passordet');
    await page.keyboard.press('Enter');
    await expect(page.getByRole('alert')).toHaveText('Feil passord.');
    await expect(password).toBeFocused();
    await expect(page.getByRole('button', { name: 'Logg ut' })).toBeVisible();
    await expectAccessible(page, 'lock screen');
    await shoot(page, 'locked');

    await page.keyboard.type('demo-passord');
    await page.keyboard.press('Enter');
    await expect(rows.first()).toBeVisible();
  });
});

test('the lock screen signs out', async ({ page }) => {
  await signIn(page);
  await page.getByRole('button', { name: 'Lås', exact: true }).click();
  await page.getByTestId('locked-screen').getByRole('button', { name: 'Logg ut' }).click();
  await expect(page.getByTestId('sign-in-form')).toBeVisible();
});
