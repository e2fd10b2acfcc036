import AxeBuilder from '@axe-core/playwright';
import { chromium, type Page } from '@playwright/test';
import { join } from 'node:path';
import { expect, test } from './fixtures';

/**
 * The administrator builds the clinic from the workstation: a team, a therapist invited with a
 * one-time link, the therapist choosing a password in the portal's page, then signing in.
 * Screenshots at 1280x800 under test-results/admin/.
 */

const SCREENSHOTS = join('test-results', 'admin');
const NEW_PASSWORD = 'en lang setning som passord';

/** No serious or critical accessibility violation, and the screen kept as a screenshot. */
async function checkScreen(page: Page, name: string) {
  const results = await new AxeBuilder({ page }).analyze();
  const severe = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(
    severe.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
    `axe on ${name}`,
  ).toEqual([]);
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

async function signIn(page: Page, username: string, password: string) {
  const form = page.getByTestId('sign-in-form');
  await form.getByLabel('Brukernavn').fill(username);
  await form.getByLabel('Passord').fill(password);
  await form.getByRole('button', { name: 'Logg inn' }).click();
}

test('the demo admin builds a team, invites a therapist, and the therapist sets a password and signs in', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  // The embedded portal holds the demo clinic, and the sign-in screen says so.
  await expect(page.getByText(/Demo: portalen har en oppdiktet klinikk/)).toBeVisible();
  await signIn(page, 'admin', 'demo-passord');
  await expect(page.getByRole('heading', { name: /Klinikkoppsett/ })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByRole('cell', { name: 'terapeut1' })).toBeVisible();
  await checkScreen(page, 'staff');

  // A team, by keyboard: the section buttons and the form.
  await page.getByRole('button', { name: 'Team', exact: true }).focus();
  await page.keyboard.press('Enter');
  await page.getByLabel('Navn på nytt team').fill('Team Fjord');
  await page.keyboard.press('Enter');
  await expect(page.getByText('Team Fjord')).toBeVisible();
  await checkScreen(page, 'teams');

  // A therapist in it: the setup link to hand over.
  await page.getByRole('button', { name: 'Ansatte', exact: true }).click();
  await page.getByLabel('Fullt navn').fill('Frida Fjeld');
  await page.getByLabel('Brukernavn').fill('frida');
  await page.getByLabel('Rolle').selectOption('therapist');
  await page.getByLabel('Team', { exact: true }).selectOption({ label: 'Team Fjord' });
  await page.getByRole('button', { name: 'Opprett og lag engangslenke' }).click();
  const link = page.getByLabel('Lenke for å velge passord');
  await expect(link).toHaveValue(/\/pasient\/oppsett\?t=su_/);
  await expect(page.getByRole('row', { name: /Frida Fjeld/ })).toContainText('Venter på passord');
  await checkScreen(page, 'staff-invited');
  const setupUrl = await link.inputValue();

  // The therapist opens the link in a browser and chooses a password.
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
  try {
    const setup = await (await browser.newContext({ locale: 'nb-NO' })).newPage();
    await setup.goto(setupUrl);
    await expect(setup.getByLabel('Brukernavn')).toHaveValue('frida');
    await setup.getByLabel(/Nytt passord/).fill(NEW_PASSWORD);
    await setup.getByLabel('Gjenta passordet').fill(NEW_PASSWORD);
    await setup.getByRole('button', { name: 'Lagre passordet' }).click();
    await expect(setup.getByText(/Passordet er lagret/).first()).toBeVisible();
    // The link works once.
    await setup.goto(setupUrl);
    await expect(setup.getByRole('heading', { name: 'Lenken virker ikke' })).toBeVisible();
  } finally {
    await browser.close();
  }

  // The admin signs out; the new therapist signs in and lands on an (empty) round.
  await page.getByRole('button', { name: 'Logg ut' }).click();
  await signIn(page, 'frida', NEW_PASSWORD);
  await expect(page.getByText('Frida Fjeld')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByRole('heading', { name: /Klinikkoppsett/ })).toHaveCount(0);
});

test('the admin registers a referral and changes the clinic settings', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await signIn(page, 'admin', 'demo-passord');
  await expect(page.getByRole('heading', { name: /Klinikkoppsett/ })).toBeVisible({ timeout: 30_000 });

  await page.getByRole('button', { name: 'Henvisning', exact: true }).click();
  await page.getByLabel('Fornavn').fill('Per');
  await page.getByLabel('Etternavn').fill('Prøve');
  await page.getByLabel('Fødselsnummer eller D-nummer').fill('15108695077');
  await expect(page.getByText('Nummeret er ikke gyldig: sjekk sifrene.')).toBeVisible();
  // A synthetic number with valid control digits.
  await page.getByLabel('Fødselsnummer eller D-nummer').fill('15039010043');
  await page.getByLabel('Program').selectOption('depression');
  await page.getByLabel('Pasientens brukernavn').fill('perprove');
  await page.getByRole('button', { name: 'Registrer og lag engangslenke' }).click();
  await expect(page.getByLabel('Lenke for å velge passord')).toHaveValue(/\/pasient\/oppsett\?t=su_/);
  await checkScreen(page, 'referral');

  await page.getByRole('button', { name: 'Innstillinger', exact: true }).click();
  await page.getByLabel(/Lås arbeidsstasjonen etter/).fill('15');
  await page.getByLabel('Lokalt DPS og hvordan det nås').fill('Fjord DPS, akutteamet');
  await page.getByRole('button', { name: 'Lagre' }).click();
  await expect(page.getByText('Innstillingene er lagret.')).toBeVisible();
  await checkScreen(page, 'settings');
});
