/// <reference lib="dom" />
import type { Page } from '@playwright/test';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../src/portal/db/open';
import { createLogger } from '../../src/portal/logger';
import { DEMO_PASSWORD } from '../../src/portal/seed/accounts';
import { type RunningPortal, startPortal } from '../../src/portal/server';
import { instruments } from '../../src/shared/clinical';
import { startTestHost, type TestHost } from '../host/host';
import { expect, openInChromium, test } from './fixtures';

/**
 * Issue 8 section 7 in the UI: a PHQ-9 item 9 flag hit twice, an answer of 2 one week and 3 the
 * next, shows both answers on its card in the patient view ("Spørsmål 9: 2 i uke 5, 3 i uke 6"),
 * so the worse one is not hidden behind the first; the 2 had been acknowledged, so the worse 3
 * reopened the flag, and the card says who acknowledged it before. The portal's part is tested in
 * tests/portal/flag-hits.test.ts. A week passes by moving the patient's start date in the
 * portal's database while it is stopped. Screenshots under test-results/flag-hits/.
 */

const SCREENSHOTS = join('test-results', 'flag-hits');
const PATIENT = 'pasient2';
const ACKNOWLEDGE_NOTE = 'Ringte pasienten, laget sikkerhetsplan.';

let portalDir: string;
let portal: RunningPortal;
let host: TestHost;
let page: Page;
let closePage: () => Promise<void>;
const weeks: number[] = [];

/** The patient answers this week's PHQ-9 with item 9 at `item9`, through the portal's patient API. */
async function answerItem9(item9: number): Promise<number> {
  const login = await fetch(`${portal.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: PATIENT, password: DEMO_PASSWORD }),
  });
  const { accessToken } = (await login.json()) as { accessToken: string };
  const answers = Object.fromEntries(instruments['phq-9'].items.map((item) => [item.linkId, 0]));
  const submitted = await fetch(`${portal.url}/api/v1/patient/me/questionnaires`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${accessToken}` },
    body: JSON.stringify({ instrumentId: 'phq-9', answers: { ...answers, '9': item9 } }),
  });
  expect(submitted.status).toBe(200);
  return ((await submitted.json()) as { response: { week: number } }).response.week;
}

test.describe.configure({ timeout: 240_000 });

test.beforeAll(async () => {
  test.setTimeout(240_000);
  await mkdir(SCREENSHOTS, { recursive: true });
  portalDir = await mkdtemp(join(tmpdir(), 'flag-hits-portal-'));
  portal = await startPortal({ port: 0, seed: 'demo', logLevel: 'silent', dataDir: portalDir });
  weeks.push(await answerItem9(2));
  // The therapist acknowledges the flag (set in the stopped portal's database, as the sync push
  // would), then a week passes for the patient: their programme starts a week earlier.
  const { port } = portal;
  await portal.close();
  const db = await openDatabase({ dataDir: portalDir }, createLogger('silent'));
  const idOf = async (username: string) =>
    (
      await db.query<{ principal_id: string }>('SELECT principal_id FROM account WHERE username = $1', [
        username,
      ])
    ).rows[0]!.principal_id;
  const patientId = await idOf(PATIENT);
  await db.query(
    `UPDATE flag SET status = 'acknowledged', acknowledged_by = $2, acknowledged_at = now(), acknowledge_note = $3
      WHERE patient_id = $1 AND reason_code = 'suicidal-thoughts' AND status = 'open'`,
    [patientId, await idOf('terapeut1'), ACKNOWLEDGE_NOTE],
  );
  await db.query(
    `UPDATE enrolment SET start_date = start_date - 7, planned_end_date = planned_end_date - 7
      WHERE status = 'active' AND patient_id = $1`,
    [patientId],
  );
  await db.close();
  portal = await startPortal({ port, seed: false, logLevel: 'silent', dataDir: portalDir });
  weeks.push(await answerItem9(3));
  host = await startTestHost({ env: { PORTAL_URL: portal.url } });
  ({ page, close: closePage } = await openInChromium(host));
});

test.afterAll(async () => {
  await closePage?.();
  await host?.close();
  await portal?.close();
  await rm(portalDir, { recursive: true, force: true });
});

test('a flag hit twice shows both answers with their weeks, reopened by the worse one', async () => {
  expect(weeks[1]).toBe(weeks[0]! + 1);
  await page.setViewportSize({ width: 1280, height: 800 });
  const form = page.getByTestId('sign-in-form');
  await form.getByLabel('Brukernavn').fill('terapeut1');
  await form.getByLabel('Passord').fill(DEMO_PASSWORD);
  await form.getByRole('button', { name: 'Logg inn' }).click();
  await expect(page.getByTestId('queue-row').first()).toBeVisible({ timeout: 30_000 });
  const synced = await page.evaluate(() => window.api['sync.now']());
  expect(synced).toMatchObject({ ok: true, value: { lastError: null } });

  // The patient whose item 9 flag holds the two answers, as the queue lists them.
  const target = await page.evaluate(async () => {
    const queue = await window.api['queue.get']();
    if (!queue.ok) throw new Error(queue.error.message);
    for (const [index, item] of queue.value.items.entries()) {
      const detail = await window.api['patient.get']({ patientId: item.patientId });
      const flag = detail.ok
        ? detail.value.flags.find((f) => f.reasonCode === 'suicidal-thoughts' && f.hits.length >= 2)
        : undefined;
      if (flag) return { index, patientId: item.patientId, bucket: item.bucket };
    }
    return null;
  });
  expect(target, "the patient's flag with two hits").not.toBeNull();

  await page.getByTestId('queue-row').first().focus();
  for (let i = 0; i < target!.index; i++) await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  const screen = page.getByTestId('patient-screen');
  await expect(screen).toHaveAttribute('data-ready', 'true');
  await expect(screen).toHaveAttribute('data-patient-id', target!.patientId);

  const card = screen
    .locator('[data-testid="flag"][data-status="open"]')
    .filter({ hasText: 'Selvmordstanker' });
  await expect(card).toHaveCount(1);
  await expect(card.getByTestId('flag-hits')).toHaveText(
    `Spørsmål 9: 2 i uke ${weeks[0]}, 3 i uke ${weeks[1]}`,
  );
  await expect(card.getByTestId('flag-reopened')).toContainText('Åpnet igjen av et verre svar');
  await expect(card.getByTestId('flag-reopened')).toContainText(ACKNOWLEDGE_NOTE);
  // Reopened, it is back among the urgent at the top of the queue.
  await expect(page.getByTestId('patient-screen')).toHaveAttribute('data-patient-id', target!.patientId);
  expect(target!.bucket).toBe('urgent-flag');
  await card.scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(SCREENSHOTS, 'flag-two-hits-1280x800.png') });
});
