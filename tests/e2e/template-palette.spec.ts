/// <reference lib="dom" />
import { join } from 'node:path';
import { DEMO_PASSWORD } from '../../src/portal/seed/accounts';
import { fillTemplate, moduleTitleFor, templatesFor } from '../../src/shared/templates';
import { expect, test } from './fixtures';
import { expectAccessible } from './accessibility';

/**
 * The template palette from the composer, by keyboard only: Ctrl+Space opens it with the
 * patient's templates (this week's first), typing filters, the arrow keys choose, Enter inserts
 * the filled text at the caret and gives focus back; Escape closes without a change.
 * Screenshot under test-results/template-palette/.
 */

const SCREENSHOTS = join('test-results', 'template-palette');
const startsWith = (text: string) => new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`);

// Starting the host's embedded demo portal counts against the test's time.
test.describe.configure({ timeout: 300_000 });

test('a template is found, filled and inserted from the keyboard', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  const form = page.getByTestId('sign-in-form');
  await form.getByLabel('Brukernavn').fill('terapeut1');
  await form.getByLabel('Passord').fill(DEMO_PASSWORD);
  await form.getByRole('button', { name: 'Logg inn' }).click();
  const firstRow = page.getByTestId('queue-row').first();
  await expect(firstRow).toBeVisible({ timeout: 30_000 });
  await firstRow.focus();
  await page.keyboard.press('Enter');
  const screen = page.getByTestId('patient-screen');
  await expect(screen).toHaveAttribute('data-ready', 'true');
  const patientId = await screen.getAttribute('data-patient-id');
  const { detail, library, therapist } = await page.evaluate(async (id) => {
    const [detail, library, session] = await Promise.all([
      window.api['patient.get']({ patientId: id! }),
      window.api['templates.list'](),
      window.api['session.get'](),
    ]);
    if (!detail.ok || !library.ok || !session.ok || session.value.status !== 'ready')
      throw new Error('no data');
    return { detail: detail.value, library: library.value, therapist: session.value.account.displayName };
  }, patientId);
  const programme = detail.enrolment!.programme;
  const week = typeof detail.programmeWeek === 'number' ? detail.programmeWeek : null;
  const offered = templatesFor(library.templates, programme, week);
  const values = {
    patientFirstName: detail.patient.givenName,
    therapistName: therapist,
    moduleTitle: moduleTitleFor(library.modules, programme, week),
  };

  const composer = page.getByTestId('composer-input');
  await composer.click();
  await page.keyboard.type('Først dette. ');
  await page.keyboard.press('Control+Space');

  const palette = page.getByRole('dialog', { name: 'Sett inn mal' });
  await expect(palette).toBeVisible();
  const search = palette.getByRole('combobox', { name: 'Søk i maler' });
  await expect(search).toBeFocused();
  const options = palette.getByRole('option');
  await expect(options).toHaveText(offered.map((t) => startsWith(t.title)));
  await expect(options.first()).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('ArrowDown');
  await expect(options.nth(1)).toHaveAttribute('aria-selected', 'true');
  await expect(search).toHaveAttribute('aria-activedescendant', (await options.nth(1).getAttribute('id'))!);

  // Typing filters; the preview shows the text as it will be inserted.
  await page.keyboard.type('tilbakemelding');
  const chosen = offered.find((t) => t.title === 'Ukentlig tilbakemelding')!;
  await expect(options).toHaveText([startsWith(chosen.title)]);
  const filled = fillTemplate(chosen.body, values);
  expect(filled.missing).toEqual([]);
  await expect(palette.getByTestId('template-preview')).toContainText(filled.text.split('\n')[0]!);
  await expect(palette.getByTestId('template-preview')).toContainText(`Hilsen ${therapist}`);

  await expectAccessible(page, 'the template palette');
  await page.screenshot({ path: join(SCREENSHOTS, 'palette-1280x800.png') });

  await page.keyboard.press('Enter');
  await expect(palette).toBeHidden();
  await expect(composer).toBeFocused();
  await expect(composer).toHaveValue(`Først dette. ${filled.text}`);

  // Escape closes without inserting, and focus is back in the composer.
  await page.keyboard.press('Control+Space');
  await expect(palette).toBeVisible();
  await expect(search).toHaveValue('');
  await page.keyboard.type('hilsen');
  await page.keyboard.press('Escape');
  await expect(palette).toBeHidden();
  await expect(composer).toBeFocused();
  await expect(composer).toHaveValue(`Først dette. ${filled.text}`);
});
