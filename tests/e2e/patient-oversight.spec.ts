/// <reference lib="dom" />
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, test } from './fixtures';
import { expectAccessible } from './accessibility';

/**
 * A team lead opens, from the round, a patient whose record they only oversee: the patient view
 * says what is not shown and offers to open the record with a reason (the team screens' dialog);
 * once the portal grants it, the view says until when. Escape takes a team lead back to the team
 * overview, not to the round. Screenshots under test-results/patient-oversight/.
 */

const SCREENSHOTS = join('test-results', 'patient-oversight');
// The embedded portal's start, a team lead's initial sync and a grant round trip on a shared machine.
test.setTimeout(300_000);

test('a team lead opens an overseen record with a reason from the patient view; Escape goes to the team overview', async ({
  page,
}) => {
  await mkdir(SCREENSHOTS, { recursive: true });
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.getByTestId('demo-account').filter({ hasText: 'teamleder' }).click();
  await page
    .getByTestId('sign-in-form')
    .getByRole('button', { name: /logg inn/i })
    .click();
  await expect(page.getByRole('heading', { level: 1, name: 'Teamoversikt' })).toBeVisible({
    timeout: 30_000,
  });
  const synced = await page.evaluate(() => window.api['sync.now']());
  expect(synced).toMatchObject({ ok: true });

  // A patient of the team's the lead only oversees, as the round lists them.
  const target = await page.evaluate(async () => {
    const queue = await window.api['queue.get']();
    if (!queue.ok) throw new Error(queue.error.message);
    for (const item of queue.value.items) {
      const detail = await window.api['patient.get']({ patientId: item.patientId });
      if (detail.ok && detail.value.access.level === 'oversight') {
        return { patientId: item.patientId, name: item.name, messages: detail.value.messages.length };
      }
    }
    return null;
  });
  expect(target, 'an overseen patient in the round').not.toBeNull();
  const { patientId, name, messages } = target!;
  expect(messages).toBe(0);

  // The round, then the patient by name from the keyboard.
  await page.getByRole('button', { name: 'Pasientkø' }).click();
  await expect(page.getByTestId('queue-row').first()).toBeVisible();
  await page.keyboard.press('/');
  await page.keyboard.type(name);
  const row = page.locator(`[data-testid="queue-row"][data-patient-id="${patientId}"]`);
  await row.focus();
  await page.keyboard.press('Enter');
  const screen = page.getByTestId('patient-screen');
  await expect(screen).toHaveAttribute('data-ready', 'true');
  await expect(screen).toHaveAttribute('data-patient-id', patientId);

  const access = screen.getByTestId('record-access');
  await expect(access).toHaveAttribute('data-level', 'oversight');
  await expect(access).toContainText('Du ser oversiktsdata');
  // No message text, so no reply box: nobody writes into a conversation they cannot read.
  await expect(screen.getByTestId('composer-input')).toHaveCount(0);
  await expect(screen.getByRole('button', { name: /Tilbake til teamoversikten/ })).toBeVisible();
  await page.screenshot({ path: join(SCREENSHOTS, '01-oversight-1280x800.png') });
  await expectAccessible(page, 'the oversight patient view');

  // The team's dialog: a reason from the list, the default duration; Escape closes only the dialog.
  await access.getByRole('button', { name: 'Åpne journalen med begrunnelse …' }).click();
  const dialog = page.getByRole('dialog', { name: `Åpne journalen til ${name}` });
  await expect(dialog).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(screen).toBeVisible();
  await access.getByRole('button', { name: 'Åpne journalen med begrunnelse …' }).click();
  await dialog.getByRole('radio', { name: 'Oppfølging av akutt risiko' }).check();
  await page.screenshot({ path: join(SCREENSHOTS, '02-open-record-dialog.png') });
  await dialog.getByRole('button', { name: 'Åpne journalen' }).click();
  await expect(dialog).toBeHidden();

  // The grant and the record arrive with the sync; the view reads the record again.
  await expect(access).toHaveAttribute('data-level', 'record', { timeout: 30_000 });
  await expect(access).toContainText('Journalen er åpen for deg til');
  await expect(screen.getByTestId('composer-input')).toBeVisible();
  await page.screenshot({ path: join(SCREENSHOTS, '03-record-open-1280x800.png') });

  // Escape: a team lead's home is the team overview.
  await page.getByRole('heading', { level: 1 }).focus();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('heading', { level: 1, name: 'Teamoversikt' })).toBeVisible();
});
