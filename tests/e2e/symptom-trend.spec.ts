/// <reference lib="dom" />
import type { Page } from '@playwright/test';
import { join } from 'node:path';
import { type RunningPortal, startPortal } from '../../src/portal/server';
import { DEMO_PASSWORD } from '../../src/portal/seed/accounts';
import { FOLLOW_UP_WEEK, instruments, PROGRAMME_WEEKS } from '../../src/shared/clinical';
import { startTestHost, type TestHost } from '../host/host';
import { expect, openInChromium, test } from './fixtures';
import { expectAccessible } from './accessibility';

/**
 * The symptom trend for a patient who reported suicidal thoughts: the bands and the caseness line
 * drawn, the week marked, its answers reachable from the keyboard, the numbers in the table, no
 * serious accessibility violation. The demo clinic's active patients report none, so a demo
 * patient answers this week's PHQ-9 with item 9 above 0 through the portal's patient API first,
 * as a patient would. The demo's patient after the end (oppfolging1) answers the follow-up, which
 * the chart shows after week 14. Screenshots under test-results/symptom-trend/.
 */

const SCREENSHOTS = join('test-results', 'symptom-trend');
const PHQ9 = instruments['phq-9'];
const ITEM_9 = 2;

interface RiskPatient {
  queueIndex: number;
  name: string;
  /** PHQ-9 of the current enrolment, by week: total and item 9. */
  weeks: { week: number; total: number; item9: number }[];
}

let portal: RunningPortal;
let host: TestHost;
let page: Page;
let closePage: () => Promise<void>;

// Starting a portal, its demo clinic and a workstation core counts against the time. The
// follow-up test goes on from the first test's signed-in window.
test.describe.configure({ timeout: 180_000, mode: 'serial' });

/** Signs a demo patient in through the portal's API. */
async function patientToken(username: string): Promise<string> {
  const login = await fetch(`${portal.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: DEMO_PASSWORD }),
  });
  return ((await login.json()) as { accessToken: string }).accessToken;
}

/**
 * oppfolging1 (terapeut1's, the programme ended three months ago) answers every follow-up
 * questionnaire: each item one above its lowest answer, the suicidal-thoughts items at their lowest.
 */
async function answerFollowUp(): Promise<void> {
  const token = await patientToken('oppfolging1');
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${token}` };
  const due = await fetch(`${portal.url}/api/v1/patient/me/questionnaires`, { headers });
  const listed = (await due.json()) as { occasion: string; questionnaires: { instrumentId: string }[] };
  expect(listed.occasion).toBe('follow-up');
  for (const { instrumentId } of listed.questionnaires) {
    const definition = instruments[instrumentId as keyof typeof instruments];
    const answers = Object.fromEntries(
      definition.items.map((item) => [
        item.linkId,
        definition.riskItems.includes(item.linkId) ? item.min : Math.min(item.max, item.min + 1),
      ]),
    );
    const submitted = await fetch(`${portal.url}/api/v1/patient/me/questionnaires`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ instrumentId, answers }),
    });
    expect(submitted.status).toBe(200);
  }
}

test.beforeAll(async () => {
  test.setTimeout(180_000);
  portal = await startPortal({ port: 0, seed: 'demo', logLevel: 'silent' });
  // pasient1 (terapeut1's) has this week's questionnaires still to answer.
  const accessToken = await patientToken('pasient1');
  const answers = Object.fromEntries(PHQ9.items.map((item) => [item.linkId, 1]));
  const submitted = await fetch(`${portal.url}/api/v1/patient/me/questionnaires`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${accessToken}` },
    body: JSON.stringify({ instrumentId: 'phq-9', answers: { ...answers, '9': ITEM_9 } }),
  });
  expect(submitted.status).toBe(200);
  await answerFollowUp();
  host = await startTestHost({ env: { PORTAL_URL: portal.url } });
  ({ page, close: closePage } = await openInChromium(host));
});

test.afterAll(async () => {
  await closePage?.();
  await host?.close();
  await portal?.close();
});

test('the trend shows bands, caseness, a marked suicidal-item week and its answers', async () => {
  await page.setViewportSize({ width: 1280, height: 800 });
  const form = page.getByTestId('sign-in-form');
  await form.getByLabel(/brukernavn/i).fill('terapeut1');
  await form.getByLabel(/passord/i).fill(DEMO_PASSWORD);
  await form.getByRole('button', { name: /logg inn/i }).click();
  await expect(page.getByTestId('queue-row').first()).toBeVisible({ timeout: 30_000 });
  // A whole cycle, so the caseload is complete in the cache.
  const synced = await page.evaluate(() => window.api['sync.now']());
  expect(synced).toMatchObject({ ok: true, value: { lastError: null } });

  // The patient with a PHQ-9 item 9 above 0, found as the screen would: from the queue.
  const patient = await page.evaluate(async (): Promise<RiskPatient | null> => {
    const queue = await window.api['queue.get']();
    if (!queue.ok) throw new Error(queue.error.message);
    for (const [queueIndex, item] of queue.value.items.entries()) {
      const detail = await window.api['patient.get']({ patientId: item.patientId });
      if (!detail.ok || !detail.value.enrolment) continue;
      const enrolmentId = detail.value.enrolment.id;
      const weeks = detail.value.responses
        .filter((r) => r.instrumentId === 'phq-9' && r.enrolmentId === enrolmentId)
        .map((r) => ({ week: r.week, total: r.total, item9: r.answers['9'] ?? 0 }))
        .sort((a, b) => a.week - b.week);
      if (weeks.some((w) => w.item9 > 0)) return { queueIndex, name: item.name, weeks };
    }
    return null;
  });
  expect(patient, 'a patient with a suicidal-item week').not.toBeNull();
  const { queueIndex, name, weeks } = patient!;
  const riskWeek = weeks.find((w) => w.item9 > 0)!;
  expect(riskWeek.item9).toBe(ITEM_9);

  // Open them from the queue by keyboard.
  await page.getByTestId('queue-row').first().focus();
  for (let i = 0; i < queueIndex; i++) await page.keyboard.press('ArrowDown');
  await expect(page.locator('[data-testid="queue-row"]:focus')).toContainText(name);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('patient-screen')).toHaveAttribute('data-ready', 'true');

  const phq = page.locator('[data-testid="trend-instrument"][data-instrument="phq-9"]');
  await expect(phq).toBeVisible();
  await expect(page.getByTestId('trend-instrument')).toHaveCount(2);

  // The suicidal-item week is marked: in the summary, and on its point.
  await expect(phq.getByTestId('trend-risk-weeks')).toContainText(String(riskWeek.week));
  await expect(phq.locator(`[data-testid="trend-point"][data-week="${riskWeek.week}"]`)).toHaveAttribute(
    'aria-label',
    new RegExp(`Selvmordstanker: ${riskWeek.item9}`),
  );

  // The canvas holds each band's tint and the caseness line, in the colours the legend shows.
  const drawn = await phq.locator('canvas').evaluate((canvas: HTMLCanvasElement) => {
    const style = getComputedStyle(canvas.closest('.trend')!);
    const rgb = (colour: string) => {
      const probe = document.createElement('canvas').getContext('2d')!;
      probe.fillStyle = colour;
      const hex = probe.fillStyle.slice(1);
      return [0, 2, 4].map((i) => parseInt(hex.slice(i, i + 2), 16)).join(',');
    };
    const wanted = {
      band0: rgb(style.getPropertyValue('--trend-band-0').trim()),
      band2: rgb(style.getPropertyValue('--trend-band-2').trim()),
      band4: rgb(style.getPropertyValue('--trend-band-4').trim()),
      caseness: rgb(style.getPropertyValue('--trend-caseness').trim()),
    };
    const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
    const counts: Record<string, number> = Object.fromEntries(Object.keys(wanted).map((k) => [k, 0]));
    for (let i = 0; i < data.length; i += 4) {
      const pixel = `${data[i]},${data[i + 1]},${data[i + 2]}`;
      for (const [key, colour] of Object.entries(wanted)) if (pixel === colour) counts[key]!++;
    }
    return counts;
  });
  for (const [key, count] of Object.entries(drawn)) expect(count, `${key} pixels`).toBeGreaterThan(100);
  for (const band of PHQ9.bands)
    await expect(phq.locator('.trend-legend')).toContainText(`${band.min}–${band.max}`);
  await expect(phq.locator('.trend-legend')).toContainText(`Klinisk grense ${PHQ9.caseness}`);

  await page.screenshot({ path: join(SCREENSHOTS, 'patient-1280x800.png') });
  // The record column scrolls on its own: bring the chart into the window for the picture.
  await phq.scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(SCREENSHOTS, 'trend-1280x800.png') });

  // Keyboard: Tab from the chart's heading reaches the newest point (one tab stop per chart);
  // the arrow keys move to the risk week.
  await phq.getByRole('heading', { level: 3 }).click();
  await page.keyboard.press('Tab');
  const focused = () =>
    page.evaluate(() => {
      const element = document.activeElement as HTMLElement | null;
      return { testId: element?.dataset.testid, week: element?.dataset.week };
    });
  expect((await focused()).testId).toBe('trend-point');
  const focusedWeek = async () => (await focused()).week;
  expect(await focusedWeek()).toBe(String(weeks.at(-1)!.week));
  await page.keyboard.press('Home');
  expect(await focusedWeek()).toBe(String(weeks[0]!.week));
  for (const w of weeks) {
    if (w.week === riskWeek.week) break;
    await page.keyboard.press('ArrowRight');
  }
  expect(await focusedWeek()).toBe(String(riskWeek.week));
  const details = phq.getByTestId('trend-details');
  await expect(details.getByRole('heading')).toHaveText(`Svar i uke ${riskWeek.week}`);
  await expect(details).toContainText(`Sum ${riskWeek.total}`);
  await expect(details.locator('.trend-answer.risk')).toHaveText(
    new RegExp(`Spm\\. 9 \\(selvmordstanker\\)\\s*${riskWeek.item9}`),
  );
  await expect(details.locator('.trend-answer')).toHaveCount(PHQ9.items.length);
  await phq.screenshot({ path: join(SCREENSHOTS, 'phq9-risk-week-focused.png') });

  // Pointing at a point shows its week too (the buttons follow the points on the canvas).
  await phq.scrollIntoViewIfNeeded();
  const first = await phq.locator(`[data-testid="trend-point"][data-week="${weeks[0]!.week}"]`).boundingBox();
  await page.mouse.move(first!.x + first!.width / 2, first!.y + first!.height / 2);
  await expect(details.getByRole('heading')).toHaveText(`Svar i uke ${weeks[0]!.week}`);
  await expect(details).toContainText(`Sum ${weeks[0]!.total}`);

  // The table: one row per week with its total, the risk item's answer in its column.
  const rows = phq.getByTestId('trend-table').locator('tbody tr');
  await expect(rows).toHaveCount(weeks.length);
  for (const [i, w] of weeks.entries()) {
    await expect(rows.nth(i).locator('th')).toContainText(String(w.week));
    await expect(rows.nth(i).locator('td').first()).toHaveText(String(w.total));
    await expect(rows.nth(i).locator('td').last()).toHaveText(String(w.item9));
  }

  // In English too: the chart's words follow the interface language.
  await page.getByTestId('language-switch').selectOption('en');
  await expect(phq.locator('.trend-summary')).toContainText(`Latest: ${weeks.at(-1)!.total}`);
  await expect(phq.getByTestId('trend-risk-weeks')).toHaveText(
    `Suicidal thoughts reported in week ${riskWeek.week}.`,
  );
  await page.screenshot({ path: join(SCREENSHOTS, 'trend-1280x800-en.png') });
  await page.getByTestId('language-switch').selectOption('nb');

  await expectAccessible(page, 'the symptom trend');
});

test('the follow-up comes after week 14, labelled as the follow-up, in the points and the table', async () => {
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('queue-row').first()).toBeVisible();
  // The patient after the end, in the queue for their answered follow-up.
  const target = await page.evaluate(async () => {
    const queue = await window.api['queue.get']();
    if (!queue.ok) throw new Error(queue.error.message);
    const index = queue.value.items.findIndex((item) => item.bucket === 'follow-up');
    const item = queue.value.items[index];
    if (!item) return null;
    const detail = await window.api['patient.get']({ patientId: item.patientId });
    if (!detail.ok || !detail.value.enrolment) return null;
    const enrolmentId = detail.value.enrolment.id;
    const instrumentId = detail.value.scoreSeries[0]!.instrumentId;
    const totals = detail.value.responses
      .filter((r) => r.instrumentId === instrumentId && r.enrolmentId === enrolmentId)
      .sort((a, b) => a.week - b.week)
      .map((r) => ({ week: r.week, total: r.total }));
    return { index, patientId: item.patientId, instrumentId, totals };
  });
  expect(target, 'the follow-up patient in the queue').not.toBeNull();
  const { index, patientId, instrumentId, totals } = target!;
  const followUp = totals.at(-1)!;
  expect(followUp.week).toBe(FOLLOW_UP_WEEK);
  expect(totals.at(-2)!.week).toBeLessThanOrEqual(PROGRAMME_WEEKS);

  await page.getByTestId('queue-row').first().focus();
  for (let i = 0; i < index; i++) await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  const screen = page.getByTestId('patient-screen');
  await expect(screen).toHaveAttribute('data-ready', 'true');
  await expect(screen).toHaveAttribute('data-patient-id', patientId);

  const trend = page.locator(`[data-testid="trend-instrument"][data-instrument="${instrumentId}"]`);
  await expect(trend.locator('.trend-summary')).toContainText(`Siste: ${followUp.total}`);
  await expect(trend.locator('.trend-summary')).toContainText('ved oppfølging');
  // The points: the follow-up last, to the right of week 14, named as the follow-up.
  const points = trend.getByTestId('trend-point');
  await expect(points).toHaveCount(totals.length);
  const last = points.last();
  await expect(last).toHaveAttribute('data-week', String(FOLLOW_UP_WEEK));
  await expect(last).toHaveAttribute('aria-label', new RegExp(`^Oppfølging: ${followUp.total}, `));
  const [before, after] = [await points.nth(totals.length - 2).boundingBox(), await last.boundingBox()];
  expect(after!.x).toBeGreaterThan(before!.x);
  // Its answers, from the keyboard.
  await last.focus();
  await expect(trend.getByTestId('trend-details').getByRole('heading')).toHaveText('Svar ved oppfølging');
  // The table for screen readers: the last row is the follow-up, not "15".
  const lastRow = trend.getByTestId('trend-table').locator('tbody tr').last();
  await expect(lastRow.locator('th')).toHaveText('Oppfølging');
  await expect(lastRow.locator('td').first()).toHaveText(String(followUp.total));
  await trend.scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(SCREENSHOTS, 'follow-up-1280x800.png') });
  await trend.screenshot({ path: join(SCREENSHOTS, 'follow-up-trend.png') });

  await page.getByTestId('language-switch').selectOption('en');
  await expect(last).toHaveAttribute('aria-label', new RegExp(`^Follow-up: ${followUp.total}, `));
  await expect(lastRow.locator('th')).toHaveText('Follow-up');
  await page.getByTestId('language-switch').selectOption('nb');
});
