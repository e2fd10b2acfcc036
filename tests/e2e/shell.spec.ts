/// <reference lib="dom" />
import { CONTENT_SECURITY_POLICY } from '../../src/main/app/policy';
import { ipcChannels } from '../../src/shared/contracts/ipc';
import { expect, test } from './fixtures';

/**
 * The Electron shell's guards, seen from the running app. They need the real window, so they run
 * only where the Electron binary is installed; each guard is also a pure function tested in
 * tests/main/app.
 */
test.describe('the Electron shell', () => {
  test.skip(({ mode }) => mode !== 'electron', 'needs the Electron binary');

  test('serves the page from app://, with its CSP as a response header', async ({ page }) => {
    await expect(page.getByTestId('sign-in-form')).toBeVisible();
    expect(new URL(page.url()).origin).toBe('app://renderer');
    const header = await page.evaluate(() =>
      fetch(location.href).then((response) => response.headers.get('content-security-policy')),
    );
    expect(header).toBe(CONTENT_SECURITY_POLICY);
  });

  test('gives the page no Node.js', async ({ page }) => {
    const globals = await page.evaluate(() => {
      const scope = globalThis as Record<string, unknown>;
      return { require: typeof scope.require, process: typeof scope.process, module: typeof scope.module };
    });
    expect(globals).toEqual({ require: 'undefined', process: 'undefined', module: 'undefined' });
  });

  test('exposes exactly the IPC contract as window.api', async ({ page }) => {
    const keys = await page.evaluate(() => Object.keys(window.api).sort());
    expect(keys).toEqual([...ipcChannels, 'on'].sort());
  });

  test('refuses a new window', async ({ page, electronApp }) => {
    const opened = await page.evaluate(() => [
      window.open('https://example.invalid/') === null,
      window.open(location.href) === null,
    ]);
    expect(opened).toEqual([true, true]);
    expect(await electronApp!.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length)).toBe(1);
  });

  test('refuses navigation away from the app', async ({ page, electronApp }) => {
    const before = page.url();
    // Wait in the main process for the window's navigation decision, then look at the page.
    await electronApp!.evaluate(({ BrowserWindow }) => {
      const contents = BrowserWindow.getAllWindows()[0]!.webContents;
      (globalThis as { navigationTried?: Promise<string> }).navigationTried = new Promise((resolve) =>
        contents.once('will-navigate', (event) => resolve(event.url)),
      );
    });
    await page.evaluate(() => {
      (window as { stayed?: boolean }).stayed = true;
      location.href = 'https://example.invalid/';
    });
    const tried = await electronApp!.evaluate(
      () => (globalThis as { navigationTried?: Promise<string> }).navigationTried,
    );
    expect(tried).toBe('https://example.invalid/');
    expect(await page.evaluate(() => (window as { stayed?: boolean }).stayed)).toBe(true);
    expect(page.url()).toBe(before);
  });
});
