/// <reference lib="dom" />
import type { Page } from '@playwright/test';
import { join } from 'node:path';
import { expect, test } from './fixtures';
import { expectAccessible } from './accessibility';

/**
 * The team lead's oversight through the real renderer and core, against the embedded demo portal:
 * capacity, the risk board, a drill-down into overdue replies, opening a flagged patient's record
 * with a stated reason, therapist time per patient and week, and a supervision sample. Each screen passes axe and is kept as a screenshot at 1280x800.
 */
const SCREENSHOTS = join('test-results', 'team-lead');
// The embedded portal's start, a team lead's initial sync and a grant round trip on a shared machine.
test.setTimeout(300_000);

async function checkScreen(page: Page, name: string) {
  await expectAccessible(page, name);
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

async function signInAsTeamLead(page: Page) {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.getByTestId('demo-account').filter({ hasText: 'teamleder' }).click();
  await page
    .getByTestId('sign-in-form')
    .getByRole('button', { name: /logg inn/i })
    .click();
}

test('a team lead sees capacity and risk, drills into overdue replies and opens a flagged record with a reason', async ({
  page,
}) => {
  await signInAsTeamLead(page);

  // Capacity: one row per therapist and the team's total, every number a button.
  await expect(page.getByRole('heading', { level: 1, name: 'Teamoversikt' })).toBeVisible({
    timeout: 30_000,
  });
  const capacity = page.getByRole('table', { name: 'Kapasitet' });
  await expect(capacity.getByRole('row')).toHaveCount(1 + 3 + 1, { timeout: 30_000 });
  await expect(capacity.getByRole('rowheader', { name: 'Hele teamet' })).toBeVisible();
  await checkScreen(page, '01-capacity');

  // Drill into the team's overdue replies: the patients behind the number, each with their therapist.
  const overdue = capacity.getByRole('button', { name: /Ubesvarte meldinger over fristen for Hele teamet/ });
  const count = Number(await overdue.textContent());
  expect(count).toBeGreaterThan(0);
  await overdue.click();
  const drill = page.getByRole('region', { name: /Pasienter med ubesvarte meldinger over fristen/ });
  await expect(drill).toBeVisible();
  await expect(page.getByRole('heading', { name: /ubesvarte meldinger/ })).toBeFocused();
  const drilled = drill.getByRole('row');
  expect(await drilled.count()).toBeGreaterThan(1);
  await expect(drill.getByRole('cell', { name: 'Ikke tildelt' })).toHaveCount(0);
  await checkScreen(page, '02-drill-overdue');

  // The risk board by keyboard: arrow to the tab, the first flag takes focus, Enter opens it.
  await page.getByRole('tab', { name: /Kapasitet/ }).focus();
  await page.keyboard.press('ArrowRight');
  await expect(page.getByRole('tab', { name: /Risikotavle/ })).toHaveAttribute('aria-selected', 'true');
  const board = page.getByRole('table', { name: 'Risikotavle' });
  const flags = board.locator('tbody tr');
  await expect(flags.first()).toBeVisible();
  expect(await flags.count()).toBeGreaterThan(0);
  await checkScreen(page, '03-risk-board');
  await flags.first().focus();
  const flagged = (await flags.first().getByRole('rowheader').textContent())!;
  await page.keyboard.press('Enter');

  // The reason dialog, acute risk proposed; the record opens for 24 hours.
  const dialog = page.getByRole('dialog', { name: `Åpne journalen til ${flagged}` });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole('radio', { name: 'Oppfølging av akutt risiko' })).toBeChecked();
  await expect(dialog.getByRole('combobox', { name: 'Hvor lenge' })).toHaveValue('24');
  await checkScreen(page, '04-open-record-dialog');
  await dialog.getByRole('button', { name: 'Åpne journalen' }).click();
  await expect(dialog).toBeHidden();
  // Once the portal granted it and the pull brought the record, the row says until when.
  const row = board
    .getByRole('row')
    .filter({ has: page.getByRole('rowheader', { name: flagged }) })
    .first();
  await expect(row.getByRole('button', { name: 'Vis pasienten' })).toBeVisible({ timeout: 30_000 });
  await checkScreen(page, '05-record-opened');

  // Therapist time on the capacity tab: minutes per patient per week, beside the published reference.
  await page.getByRole('tab', { name: /Kapasitet/ }).click();
  const time = page.getByRole('table', { name: 'Behandlertid per pasient per uke' });
  await expect(time.getByRole('row')).toHaveCount(1 + 3);
  await expect(page.getByText(/10–20 minutter per pasient per uke/)).toBeVisible();
  await time
    .getByRole('button', { name: /minutter per pasient/ })
    .first()
    .click();
  // The patients behind the figure, asked of main on the click.
  const behind = page.getByRole('table', { name: /, uke \d+: tid per pasient/ });
  await expect(behind.locator('tbody tr').first()).toBeVisible();
  await behind.scrollIntoViewIfNeeded();
  await checkScreen(page, '06-therapist-time');

  // Supervision: a sample of two of a therapist's sent messages; the portal draws, the records open.
  await page.getByRole('tab', { name: /Veiledning/ }).click();
  const therapistRow = page.getByRole('table', { name: 'Veiledning' }).locator('tbody tr').first();
  await therapistRow.getByRole('button', { name: /Trekk utvalg/ }).click();
  const sampleDialog = page.getByRole('dialog', { name: /Veiledningsutvalg for/ });
  const size = sampleDialog.getByRole('spinbutton', { name: 'Antall meldinger' });
  await expect(size).toHaveValue('3');
  await size.fill('2');
  await checkScreen(page, '07-supervision-dialog');
  await sampleDialog.getByRole('button', { name: 'Trekk og åpne' }).click();
  await expect(sampleDialog).toBeHidden();
  const sampled = therapistRow.getByRole('listitem');
  await expect(sampled).toHaveCount(2, { timeout: 30_000 });
  await checkScreen(page, '08-supervision-opened');
  const sampledName = (await sampled.first().getByRole('button').textContent())!;
  await sampled.first().getByRole('button').click();
  await expect(page.getByRole('heading', { level: 1, name: new RegExp(sampledName) })).toBeVisible();
  // Escape goes back to the team screen.
  await page.keyboard.press('Escape');
  await expect(page.getByRole('heading', { level: 1, name: 'Teamoversikt' })).toBeVisible();

  // English throughout.
  await page.getByTestId('language-switch').selectOption('en');
  await expect(page.getByRole('tab', { name: /Risk board/ })).toBeVisible();
  await checkScreen(page, '09-risk-board-en');
});

test('a team lead enrols and declines waiting patients and reassigns patients, seeing the capacity effect first', async ({
  page,
}) => {
  await signInAsTeamLead(page);
  const capacity = page.getByRole('table', { name: 'Kapasitet' });
  await expect(capacity.getByRole('row')).toHaveCount(1 + 3 + 1, { timeout: 30_000 });

  // Enrol the first waiting patient: a therapist and a start, the capacity effect before confirming.
  await page.getByRole('tab', { name: /Venteliste/ }).click();
  const waiting = page.getByRole('table', { name: 'Venteliste' });
  const first = (await waiting.locator('tbody tr').first().getByRole('rowheader').textContent())!;
  await waiting.getByRole('button', { name: `Ta inn ${first}`, exact: true }).click();
  const enrol = page.getByRole('dialog', { name: `Ta inn ${first}` });
  await expect(enrol).toBeVisible();
  const therapist = enrol.getByRole('combobox', { name: 'Behandler' });
  await expect(therapist).toBeFocused();
  await therapist.selectOption({ index: 1 });
  const chosen = (await therapist.locator('option:checked').textContent())!.replace(/ \(.*$/, '');
  await expect(enrol.getByRole('listitem')).toHaveText(new RegExp(`^${chosen}: (\\d+) → \\d+ av \\d+`));
  const [from, to] = (await enrol.getByRole('listitem').textContent())!.match(/\d+/g)!.map(Number);
  expect(to).toBe(from! + 1);
  await checkScreen(page, '07-enrol-dialog');
  await enrol.getByRole('button', { name: 'Ta inn pasienten' }).click();
  await expect(enrol).toBeHidden();
  await expect(waiting.getByRole('rowheader', { name: first, exact: true })).toHaveCount(0, {
    timeout: 30_000,
  });

  // Decline the next one, by keyboard: Escape cancels and gives focus back; a reason is required.
  const second = (await waiting.locator('tbody tr').first().getByRole('rowheader').textContent())!;
  const declineButton = waiting.getByRole('button', { name: `Avslå ${second}`, exact: true });
  await declineButton.focus();
  await page.keyboard.press('Enter');
  const decline = page.getByRole('dialog', { name: `Avslå henvisningen til ${second}` });
  await expect(decline).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(decline).toBeHidden();
  await expect(declineButton).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(decline).toBeVisible();
  await decline.getByRole('radio', { name: 'Annet (skriv hvorfor)' }).check();
  await expect(decline.getByRole('button', { name: 'Avslå henvisningen' })).toBeDisabled();
  await decline.getByRole('textbox', { name: 'Begrunnelse' }).fill('Ønsker behandling nærmere hjemmet');
  await checkScreen(page, '08-decline-dialog');
  await decline.getByRole('button', { name: 'Avslå henvisningen' }).focus();
  await page.keyboard.press('Enter');
  await expect(decline).toBeHidden();
  await expect(waiting.getByRole('rowheader', { name: second, exact: true })).toHaveCount(0, {
    timeout: 30_000,
  });

  // Reassign two of one therapist's patients to another, from the caseload drill-down.
  await page.getByRole('tab', { name: /Kapasitet/ }).click();
  const fromRow = capacity.locator('tbody tr').first();
  const fromName = (await fromRow.getByRole('rowheader').textContent())!;
  const caseload = fromRow.getByRole('button', { name: /^Aktive \/ kapasitet for/ });
  const before = Number(await caseload.textContent());
  await caseload.click();
  const drill = page.getByRole('region', { name: new RegExp(`Aktive pasienter: ${fromName}`) });
  const rows = drill.locator('tbody tr');
  const moved = [
    (await rows.nth(0).getByRole('rowheader').textContent())!,
    (await rows.nth(1).getByRole('rowheader').textContent())!,
  ];
  for (const name of moved) await drill.getByRole('checkbox', { name: `Velg ${name}` }).check();
  await drill.getByRole('button', { name: 'Flytt 2 valgte pasienter …' }).click();
  const reassign = page.getByRole('dialog', { name: 'Flytt 2 pasienter til en annen behandler' });
  await expect(reassign).toBeVisible();
  await reassign.getByRole('combobox', { name: 'Behandler' }).selectOption({ index: 1 });
  await expect(
    reassign.getByRole('listitem').filter({ hasText: `${fromName}: ${before} → ${before - 2}` }),
  ).toBeVisible();
  await checkScreen(page, '09-reassign-dialog');
  await reassign.getByRole('button', { name: 'Flytt 2 pasienter' }).click();
  await expect(reassign).toBeHidden();
  await expect(caseload).toHaveText(String(before - 2), { timeout: 30_000 });
  await checkScreen(page, '10-after-reassign');

  // A target capacity set from the table.
  await fromRow.getByRole('button', { name: /^Kapasitetsmål for/ }).click();
  const target = page.getByRole('dialog', { name: `Kapasitetsmål for ${fromName}` });
  await target.getByRole('spinbutton', { name: 'Antall pasienter' }).fill('30');
  await checkScreen(page, '11-target-dialog');
  await target.getByRole('button', { name: 'Lagre målet' }).click();
  await expect(fromRow.getByRole('button', { name: /^Kapasitetsmål for/ })).toHaveText('30', {
    timeout: 30_000,
  });

  // English throughout: the enrol dialog and its capacity effect.
  await page.getByTestId('language-switch').selectOption('en');
  await page.getByRole('tab', { name: /Waiting list/ }).click();
  const waitingEn = page.getByRole('table', { name: 'Waiting list' });
  const next = (await waitingEn.locator('tbody tr').first().getByRole('rowheader').textContent())!;
  await waitingEn.getByRole('button', { name: `Enrol ${next}`, exact: true }).click();
  const enrolEn = page.getByRole('dialog', { name: `Enrol ${next}` });
  await enrolEn.getByRole('combobox', { name: 'Therapist' }).selectOption({ index: 1 });
  await expect(enrolEn.getByRole('listitem')).toHaveText(/^.+: \d+ → \d+ of \d+/);
  await checkScreen(page, '12-enrol-dialog-en');
  await page.keyboard.press('Escape');
  await expect(enrolEn).toBeHidden();
});
