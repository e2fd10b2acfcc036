import { chromium, type Page } from '@playwright/test';
import { join } from 'node:path';
import { expect, test } from './fixtures';
import { expectAccessible } from './accessibility';

/**
 * The administrator builds the clinic from the workstation: a team, a therapist invited with a
 * one-time link, the therapist choosing a password in the portal's page, then signing in.
 * Screenshots at 1280x800 under test-results/admin/.
 */

const SCREENSHOTS = join('test-results', 'admin');
const NEW_PASSWORD = 'en lang setning som passord';

/** No serious or critical accessibility violation, and the screen kept as a screenshot. */
async function checkScreen(page: Page, name: string) {
  await expectAccessible(page, name);
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

test('the admin sets the risk-flag rules, told at the field what is wrong, and deactivates an account after a confirmation', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await signIn(page, 'admin', 'demo-passord');
  await expect(page.getByRole('heading', { name: /Klinikkoppsett/ })).toBeVisible({ timeout: 30_000 });

  await page.getByRole('button', { name: 'Risikovarsler', exact: true }).click();
  await expect(page.getByTestId('risk-rules-source')).toHaveText(
    'Klinikken bruker tjenestens standardregler.',
  );
  const phqRisk = page.getByLabel('Risiko fra svar: Patient Health Questionnaire (PHQ-9), spørsmål 9');
  const phqUrgent = page.getByLabel('Akutt fra svar: Patient Health Questionnaire (PHQ-9), spørsmål 9');
  await expect(phqRisk).toHaveValue('1');
  await expect(phqUrgent).toHaveValue('2');
  await checkScreen(page, 'risk-rules');

  // At 0 every answer would raise a flag: refused at the field, which takes focus; nothing is sent.
  await phqRisk.fill('0');
  await page.getByRole('button', { name: 'Lagre reglene' }).click();
  await expect(page.getByRole('alert')).toHaveText('Reglene er ikke lagret. Rett feltene som er merket.');
  await expect(phqRisk).toBeFocused();
  await expect(phqRisk).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByText('Skriv et helt tall fra 1 til 3, eller la feltet stå tomt.')).toBeVisible();
  await checkScreen(page, 'risk-rules-invalid');
  // Risk from the same answer as urgent: told at the rule.
  await phqRisk.fill('2');
  await page.keyboard.press('Enter');
  await expect(page.getByText('Risiko må gjelde fra et lavere svar enn akutt.')).toBeVisible();

  // Valid: risk from 2, urgent from 3, and the panic scale's "markedly ill" flagged as well.
  await phqUrgent.fill('3');
  await page
    .getByRole('group', { name: /PDSS-SR/ })
    .getByLabel(/markert syk/)
    .check();
  await page.getByRole('button', { name: 'Lagre reglene' }).click();
  await expect(page.getByText('Reglene er lagret.')).toBeVisible();
  await expect(page.getByTestId('risk-rules-source')).toHaveText('Klinikken bruker egne regler.');
  await expect(page.getByRole('alert')).toHaveCount(0);
  await page.getByRole('button', { name: 'Lagre reglene' }).scrollIntoViewIfNeeded();
  await checkScreen(page, 'risk-rules-saved');

  // Kept by the portal: the section asks afresh when opened again.
  await page.getByRole('button', { name: 'Ansatte', exact: true }).click();
  await page.getByRole('button', { name: 'Risikovarsler', exact: true }).click();
  await expect(phqRisk).toHaveValue('2');
  await expect(phqUrgent).toHaveValue('3');
  await expect(page.getByRole('group', { name: /PDSS-SR/ }).getByLabel(/markert syk/)).toBeChecked();
  await page.getByRole('button', { name: 'Bruk standardreglene' }).click();
  await expect(page.getByText('Standardreglene gjelder igjen.')).toBeVisible();
  await expect(phqRisk).toHaveValue('1');

  // Deactivation asks first, in the app's own dialog: Escape keeps the account, focus comes back.
  await page.getByRole('button', { name: 'Ansatte', exact: true }).click();
  const row = page
    .getByRole('row')
    .filter({ has: page.getByRole('cell', { name: 'terapeut3', exact: true }) });
  const deactivate = row.getByRole('button', { name: /^Deaktiver: / });
  const name = (await deactivate.getAttribute('aria-label'))!;
  await deactivate.click();
  const dialog = page.getByRole('dialog', { name });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole('button', { name: 'Avbryt' })).toBeFocused();
  await checkScreen(page, 'deactivate-dialog');
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(deactivate).toBeFocused();
  await expect(row).toContainText('Aktiv');
  await deactivate.click();
  await dialog.getByRole('button', { name: 'Deaktiver', exact: true }).click();
  await expect(row).toContainText('Deaktivert');
  await expect(page.getByRole('heading', { name: 'Ansatte', level: 2 })).toBeFocused();
});

test('a team lead registers a referral from the waiting list, and the patient joins it', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await signIn(page, 'teamleder', 'demo-passord');
  await expect(page.getByRole('heading', { level: 1, name: 'Teamoversikt' })).toBeVisible({
    timeout: 30_000,
  });
  await page.getByRole('tab', { name: /Venteliste/ }).click();
  const open = page.getByRole('button', { name: 'Registrer henvist pasient' });
  await expect(open).toHaveAttribute('aria-expanded', 'false');
  await open.click();
  await expect(page.getByRole('button', { name: 'Lukk henvisningsskjemaet' })).toHaveAttribute(
    'aria-expanded',
    'true',
  );

  await page.getByLabel('Fornavn').fill('Vilde');
  await page.getByLabel('Etternavn').fill('Venter');
  await page.getByLabel('Fødselsnummer eller D-nummer').fill('15039010043');
  await page.getByLabel('Program').selectOption('panic');
  await page.getByLabel('Pasientens brukernavn').fill('vildeventer');
  await page.getByRole('button', { name: 'Registrer og lag engangslenke' }).click();
  await expect(page.getByLabel('Lenke for å velge passord')).toHaveValue(/\/pasient\/oppsett\?t=su_/);
  await page.getByRole('heading', { name: 'Registrer henvist pasient' }).scrollIntoViewIfNeeded();
  await checkScreen(page, 'team-lead-referral');
  // The referral comes back with the sync the form asks for: on the waiting list, not yet assigned.
  await expect(page.getByRole('rowheader', { name: 'Vilde Venter' })).toBeVisible({ timeout: 30_000 });
});
