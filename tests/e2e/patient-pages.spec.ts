import { chromium, expect, test, type Browser, type Page } from '@playwright/test';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_PASSWORD } from '../../src/portal/seed/accounts';
import { startPortal, type RunningPortal } from '../../src/portal/server';
import { backends, freshDatabase, postgresUrl, type Database } from '../portal/harness';
import { placeholderFile } from '../portal/placeholder-text';
import { expectAccessible } from './accessibility';

/**
 * The patient pages end to end in Debian's Chromium, on PGlite and (when TEST_DATABASE_URL is
 * set) PostgreSQL: a patient's week, then what the therapist's sync brings; a referred patient's
 * prescreening, then what the team lead's sync brings. Every page passes an axe check and is
 * kept as a screenshot at 360 px and 1280 px under test-results/patient-pages/.
 */

const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'];
const SCREENSHOTS = join('test-results', 'patient-pages');
const PHONE = { width: 360, height: 780 };
const LAPTOP = { width: 1280, height: 900 };

/** No serious or critical accessibility violation, and the page kept at both widths. */
async function checkPage(page: Page, name: string) {
  await expectAccessible(page, name);
  await page.screenshot({ path: join(SCREENSHOTS, `${name}-360.png`), fullPage: true });
  await page.setViewportSize(LAPTOP);
  await page.screenshot({ path: join(SCREENSHOTS, `${name}-1280.png`), fullPage: true });
  await page.setViewportSize(PHONE);
}

async function signIn(page: Page, username: string) {
  await page.getByLabel('Brukernavn').fill(username);
  await page.getByLabel('Passord').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Logg inn' }).click();
}

/** The staff side: the workstation's sync API, as the workstation calls it. */
async function staffPull(portal: RunningPortal, username: string, cursor: string | null = null) {
  const login = await fetch(`${portal.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: DEMO_PASSWORD }),
  });
  const { accessToken } = (await login.json()) as { accessToken: string };
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- pull pages as the wire carries them
  const changes: any[] = [];
  for (;;) {
    const response = await fetch(`${portal.url}/api/v1/sync/pull`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${accessToken}` },
      body: JSON.stringify({ cursor }),
    });
    expect(response.status).toBe(200);
    const page = await response.json();
    expect(page.kind).toBe('changes');
    changes.push(...page.changes);
    cursor = page.cursor;
    if (!page.hasMore) return { changes, cursor };
  }
}

for (const backend of backends) {
  test.describe(`patient pages on ${backend}`, () => {
    test.describe.configure({ mode: 'serial', timeout: 240_000 });
    test.skip(backend === 'postgres' && !postgresUrl, 'TEST_DATABASE_URL is not set');
    let database: Database;
    let textDir: string;
    let portal: RunningPortal;
    let browser: Browser;

    test.beforeAll(async () => {
      await mkdir(SCREENSHOTS, { recursive: true });
      database = await freshDatabase(backend);
      // The MADRS-S text is licensed: the test supplies placeholder text, as a clinic supplies its own.
      textDir = await mkdtemp(join(tmpdir(), 'e2e-instrument-text-'));
      await writeFile(join(textDir, 'madrs-s.nb.json'), JSON.stringify(placeholderFile('madrs-s', 'nb')));
      portal = await startPortal({
        ...database.options,
        port: 0,
        seed: 'demo',
        logLevel: 'silent',
        instrumentTextDir: textDir,
      });
      browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
    });
    test.afterAll(async () => {
      await browser?.close();
      await portal?.close();
      await database?.drop();
      await rm(textDir, { recursive: true, force: true });
    });

    const newPage = async () => {
      const context = await browser.newContext({
        locale: 'nb-NO',
        timezoneId: 'Europe/Oslo',
        viewport: PHONE,
      });
      return context.newPage();
    };

    test("a patient's week reaches the therapist: module, homework, PHQ-9 with the safety text, a message, the access log", async () => {
      const before = await staffPull(portal, 'terapeut1');
      const page = await newPage();
      const origin = new URL(portal.url).origin;
      const foreign: string[] = [];
      page.on('request', (request) => {
        if (!request.url().startsWith(origin)) foreign.push(request.url());
      });

      await page.goto(portal.patientUrl);
      await expect(page.getByRole('heading', { level: 1, name: 'Logg inn' })).toBeVisible();
      const transferred = await page.evaluate(() =>
        performance
          .getEntries()
          .filter((e): e is PerformanceResourceTiming => 'transferSize' in e)
          .reduce((sum, e) => sum + e.transferSize, 0),
      );
      expect(transferred, 'first page, every resource').toBeGreaterThan(0);
      expect(transferred, 'first page, every resource').toBeLessThan(100 * 1024);
      await checkPage(page, `${backend}-01-sign-in`);

      await page.getByLabel('Brukernavn').fill('pasient1');
      await page.getByLabel('Passord').fill('feil-passord');
      await page.getByRole('button', { name: 'Logg inn' }).click();
      await expect(page.getByRole('alert')).toContainText('Feil brukernavn eller passord');
      await expect(page.getByLabel('Brukernavn')).toHaveValue('pasient1');
      await signIn(page, 'pasient1');

      await expect(page.getByRole('heading', { level: 1, name: 'Denne uka' })).toBeVisible();
      const weekText = await page.getByText(/^Uke \d+ av 14$/).textContent();
      const week = weekText!.split(' ')[1]!;
      await checkPage(page, `${backend}-02-this-week`);

      // The module of the week, marked read.
      await page.getByRole('region', { name: 'Ukas modul' }).getByRole('link').click();
      await expect(page.getByText('Demoinnhold.')).toBeVisible();
      await checkPage(page, `${backend}-03-module`);
      await page.getByRole('button', { name: 'Merk som lest' }).click();
      await expect(page.getByText(/Du merket modulen som lest/)).toBeVisible();

      // Homework: a draft survives leaving the page; the submitted answer can be read back.
      await page.getByRole('link', { name: 'Til hjemmeoppgaven' }).click();
      const boxes = page.getByRole('textbox');
      await boxes.first().fill('Utkast: jeg øvde to ganger.');
      await page.getByRole('button', { name: 'Lagre utkast' }).click();
      await expect(page).toHaveURL(/lagret/);
      const homeworkUrl = page.url();
      await page.getByRole('link', { name: 'Denne uka' }).click();
      await page.goto(homeworkUrl);
      await expect(boxes.first()).toHaveValue('Utkast: jeg øvde to ganger.');
      await expect(page.getByText(/Utkastet er lagret/)).toBeVisible();
      await checkPage(page, `${backend}-04-homework`);
      await boxes.first().fill('Jeg øvde tre ganger denne uka, og angsten gikk ned hver gang.');
      await page.getByRole('button', { name: 'Lever til behandleren' }).click();
      await expect(page.getByRole('status')).toContainText('Hjemmeoppgaven er levert');
      await expect(page.getByText('angsten gikk ned hver gang')).toBeVisible();

      // The PHQ-9: every item required; item 9 at 2 shows the safety text, every time.
      await page.goto(`${portal.patientUrl}/skjema/phq-9`);
      await page.getByRole('radio').nth(1).check();
      await page.getByRole('button', { name: 'Send svarene' }).click();
      await expect(page.getByRole('alert')).toContainText('8 spørsmål er ikke besvart');
      await expect(page.getByRole('radio').nth(1)).toBeChecked();
      await checkPage(page, `${backend}-05-questionnaire-missing`);
      const items = page.locator('fieldset');
      await expect(items).toHaveCount(9);
      for (let i = 0; i < 8; i++) await items.nth(i).getByRole('radio').nth(1).check();
      await items.nth(8).getByRole('radio').nth(2).check();
      await page.getByRole('button', { name: 'Send svarene' }).click();
      const safety = page.locator('.safety');
      await expect(safety).toContainText('neste virkedag');
      await expect(safety).toContainText('ikke en akuttjeneste');
      await expect(safety).toContainText('113');
      await expect(safety).toContainText('116 117');
      await expect(safety).toContainText('DPS');
      await expect(page.getByTestId('score')).toHaveText('Poengsum: 10 av 27.');
      await checkPage(page, `${backend}-06-questionnaire-result`);
      await page.goto(`${portal.patientUrl}/skjema/phq-9`);
      await expect(page.locator('.safety')).toContainText('113');

      // Messages: an over-long text and a stale form are refused, keeping the text; then sent.
      await page.getByRole('link', { name: 'Meldinger' }).click();
      const box = page.getByLabel(/Ny melding/);
      await box.fill('x'.repeat(20_001));
      await page.getByRole('button', { name: 'Send' }).click();
      await expect(page.getByText(/Teksten er for lang/)).toBeVisible();
      await expect(box).toHaveValue('x'.repeat(20_001));
      const message = 'Hei! Jeg hadde en tung uke, men fikk gjort hjemmeoppgaven.';
      await box.fill(message);
      await page.locator('form.card input[name=_csrf]').evaluate((input: HTMLInputElement) => {
        input.value = 'stale';
      });
      await page.getByRole('button', { name: 'Send' }).click();
      await expect(page.getByRole('alert')).toContainText('Skjemaet var utløpt');
      await expect(box).toHaveValue(message);
      await page.getByRole('button', { name: 'Send' }).click();
      await expect(page.getByRole('status')).toContainText('Meldingen er sendt');
      await expect(page.locator('.thread li.mine').last()).toContainText(message);
      await checkPage(page, `${backend}-07-messages`);

      // The therapist's sync brings the urgent flag, the score and the message.
      const after = await staffPull(portal, 'terapeut1', before.cursor);
      const response = after.changes.find(
        (c) => c.entity === 'questionnaireResponse' && c.record.instrumentId === 'phq-9',
      );
      expect(response.record).toMatchObject({ total: 10, answers: { '9': 2 } });
      const patientId = response.record.patientId;
      expect(
        after.changes.find((c) => c.entity === 'flag' && c.record.source.responseId === response.record.id)
          ?.record,
      ).toMatchObject({ severity: 'urgent', reasonCode: 'suicidal-thoughts', status: 'open', patientId });
      expect(
        after.changes.some(
          (c) => c.entity === 'message' && c.record.body === message && c.record.patientId === patientId,
        ),
      ).toBe(true);
      expect(
        after.changes.some((c) => c.entity === 'homework' && c.record.body.includes('angsten gikk ned')),
      ).toBe(true);

      // The pull is on the patient's access log, with who, role and reason.
      await page.getByRole('link', { name: 'Innsyn' }).click();
      const row = page.getByRole('row').filter({ hasText: 'Behandler' }).first();
      await expect(row).toContainText('journalen din');
      await expect(row).toContainText('Behandling av deg');
      await checkPage(page, `${backend}-08-access-log`);

      await page.getByRole('link', { name: 'Mitt program' }).click();
      const scores = page.getByRole('region', { name: 'Poengsum over tid' });
      const columns = await scores.getByRole('columnheader').allTextContents();
      const thisWeek = scores
        .getByRole('row')
        .filter({ has: page.getByRole('rowheader', { name: week, exact: true }) });
      await expect(
        thisWeek.locator('th, td').nth(columns.findIndex((c) => c.startsWith('PHQ-9'))),
      ).toHaveText('10');
      await checkPage(page, `${backend}-09-my-programme`);

      await page.getByRole('link', { name: 'English' }).click();
      await expect(page.locator('html')).toHaveAttribute('lang', 'en');
      await expect(page.getByRole('heading', { level: 1, name: 'My programme' })).toBeVisible();
      await checkPage(page, `${backend}-10-my-programme-en`);
      await page.getByRole('button', { name: 'Sign out' }).click();
      await expect(page.getByText('You are signed out.')).toBeVisible();
      await page.goto(portal.patientUrl);
      await expect(page).toHaveURL(/logg-inn/);

      expect(foreign, 'requests to other origins').toEqual([]);
    });

    test('a referred patient completes prescreening and reaches the waiting list with their score', async () => {
      const before = await staffPull(portal, 'teamleder');
      const page = await newPage();
      await page.goto(portal.patientUrl);
      await signIn(page, 'henvist1');
      await expect(page.getByRole('heading', { level: 1, name: 'Før oppstart' })).toBeVisible();
      await checkPage(page, `${backend}-11-prescreening`);

      await page.getByRole('link', { name: /PHQ-9/ }).click();
      const phq = page.locator('fieldset');
      for (let i = 0; i < 9; i++) await phq.nth(i).getByRole('radio').first().check();
      await page.getByRole('button', { name: 'Send svarene' }).click();
      await expect(page.locator('.safety')).toHaveCount(0);
      await page.getByRole('link', { name: 'Tilbake' }).click();

      await page.getByRole('link', { name: /PLACEHOLDER madrs-s/ }).click();
      const madrs = page.locator('fieldset');
      await expect(madrs).toHaveCount(9);
      for (let i = 0; i < 8; i++) await madrs.nth(i).getByRole('radio').nth(5).check();
      await madrs.nth(8).getByRole('radio').first().check();
      await checkPage(page, `${backend}-12-prescreening-madrs`);
      await page.getByRole('button', { name: 'Send svarene' }).click();
      await expect(page.getByTestId('score')).toHaveText('Poengsum: 40 av 54.');
      await page.getByRole('link', { name: 'Tilbake' }).click();
      await expect(page.getByRole('status')).toContainText('Svarene dine er sendt til teamet');
      await expect(page.getByText('Hva skjer nå?')).toBeVisible();
      await checkPage(page, `${backend}-13-prescreening-done`);

      // The team lead's sync: the referred patient (the waiting list) with the MADRS-S total, in
      // the overview that oversight gets instead of the answers themselves.
      const after = await staffPull(portal, 'teamleder', before.cursor);
      const overview = after.changes.find(
        (c) =>
          c.entity === 'overview' &&
          c.record.scores.some((s: { instrumentId: string }) => s.instrumentId === 'madrs-s'),
      )?.record;
      const madrsScores = overview.scores.find((s: { instrumentId: string }) => s.instrumentId === 'madrs-s');
      expect(madrsScores.points).toEqual([[0, 40, 'severe', expect.any(String)]]);
      expect(after.changes.some((c) => c.entity === 'questionnaireResponse')).toBe(false);
      const enrolment = before.changes.find(
        (c) => c.entity === 'enrolment' && c.record.patientId === overview.patientId,
      )?.record;
      expect(enrolment).toMatchObject({ status: 'referred', programme: 'depression', therapistId: null });
    });

    test('a patient after the end answers the follow-up, which reaches the therapist like a weekly one', async () => {
      const before = await staffPull(portal, 'terapeut1');
      const page = await newPage();
      await page.goto(portal.patientUrl);
      await signIn(page, 'oppfolging1');
      await expect(page.getByRole('heading', { level: 1, name: 'Denne uka' })).toBeVisible();
      await expect(page.getByText('Programmet ditt er avsluttet.')).toBeVisible();
      const card = page.getByRole('region', { name: 'Oppfølging' });
      await expect(card).toContainText('Det er tid for oppfølgingen');
      await checkPage(page, `${backend}-14-follow-up-week`);

      await card.getByRole('link', { name: 'Til oppfølgingsskjemaene' }).click();
      await expect(page.getByRole('heading', { level: 1, name: 'Oppfølging' })).toBeVisible();
      await expect(page.getByText('Det er 3 måneder siden programmet ditt sluttet.')).toBeVisible();
      await checkPage(page, `${backend}-15-follow-up-list`);

      // The programme's questionnaires, every item required, as in the weeks before.
      await page.getByRole('link', { name: /PHQ-9/ }).click();
      const phq = page.locator('fieldset');
      await expect(phq).toHaveCount(9);
      for (let i = 0; i < 9; i++) await phq.nth(i).getByRole('radio').nth(1).check();
      await page.getByRole('button', { name: 'Send svarene' }).click();
      await expect(page.getByTestId('score')).toHaveText('Poengsum: 9 av 27.');
      // Item 9 at 1: the safety text shows at the follow-up too.
      await expect(page.locator('.safety')).toContainText('113');
      await checkPage(page, `${backend}-16-follow-up-result`);
      await page.getByRole('link', { name: 'Tilbake' }).click();

      await page.getByRole('link', { name: /PLACEHOLDER madrs-s/ }).click();
      const madrs = page.locator('fieldset');
      for (let i = 0; i < 9; i++) await madrs.nth(i).getByRole('radio').nth(1).check();
      await page.getByRole('button', { name: 'Send svarene' }).click();
      await page.getByRole('link', { name: 'Tilbake' }).click();
      await expect(page.getByRole('status')).toContainText('Svarene dine er sendt til behandleren din');
      await checkPage(page, `${backend}-17-follow-up-done`);

      // My programme lists the follow-up after the weeks.
      await page.getByRole('link', { name: 'Mitt program' }).click();
      const rows = page.getByRole('region', { name: 'Poengsum over tid' }).getByRole('rowheader');
      await expect(rows.last()).toHaveText('Oppfølging');

      // The therapist's sync: both answers as the follow-up week, and the risk flag from item 9.
      const after = await staffPull(portal, 'terapeut1', before.cursor);
      const responses = after.changes
        .filter((c) => c.entity === 'questionnaireResponse')
        .map((c) => c.record);
      expect(responses.map((r) => [r.instrumentId, r.week]).sort()).toEqual([
        ['madrs-s', 15],
        ['phq-9', 15],
      ]);
      const phqResponse = responses.find((r) => r.instrumentId === 'phq-9');
      expect(
        after.changes.find((c) => c.entity === 'flag' && c.record.source.responseId === phqResponse.id)
          ?.record,
      ).toMatchObject({ severity: 'risk', reasonCode: 'suicidal-thoughts', status: 'open' });
    });
  });
}
