import { _electron, chromium, test as base, type ElectronApplication, type Page } from '@playwright/test';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SETTINGS_FILE, type Settings } from '../../src/main/core/config';
import { ipcChannels, ipcEventNames } from '../../src/shared/contracts/ipc';
import { BRIDGE_PATH, startTestHost, type TestHost } from '../host/host';
import { installPageBridge } from '../host/page-bridge';

/**
 * One fixture, two ways to run the same specs: the real Electron app through Playwright's
 * Electron launcher when the Electron binary is installed, and otherwise the built renderer in
 * Debian's Chromium, wired to the real main-process core by the test host.
 */

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** The Electron binary, if `npm install` could download it (never triggers a download itself). */
function electronBinary(): string | null {
  const dir = join(process.cwd(), 'node_modules', 'electron');
  const pathFile = join(dir, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const binary = join(dir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? binary : null;
}

export type AppMode = 'electron' | 'test-host';

interface AppFixtures {
  mode: AppMode;
  /** The app's settings.json for this test (`test.use({ settings: { idleLockMinutes: 1 } })`). */
  settings: Settings | undefined;
  /** The workstation's window. */
  page: Page;
  /** Only in test-host mode: the host, for specs that probe the bridge itself. */
  host: TestHost | null;
  /** Only in Electron mode: the app, for specs that check its windows. */
  electronApp: ElectronApplication | null;
}

export const test = base.extend<AppFixtures>({
  mode: [electronBinary() ? 'electron' : 'test-host', { option: true }],
  settings: [undefined, { option: true }],

  host: async ({ mode, settings }, use) => {
    if (mode !== 'test-host') return use(null);
    const host = await startTestHost({ settings });
    await use(host);
    await host.close();
  },

  electronApp: async ({ mode, settings }, use) => {
    if (mode !== 'electron') return use(null);
    // Its own profile (and so its own keychain service name), never the developer's; one fixed
    // directory emptied first, so a session a run left behind is wiped by the next.
    const profile = join(tmpdir(), 'mestring-e2e-profile');
    rmSync(profile, { recursive: true, force: true });
    if (settings) {
      mkdirSync(profile, { recursive: true });
      writeFileSync(join(profile, SETTINGS_FILE), JSON.stringify(settings));
    }
    const app = await _electron.launch({
      executablePath: electronBinary() as string,
      // The package, as `npm start` runs it: package.json's main, with the app's own name and paths.
      args: ['.'],
      cwd: process.cwd(),
      env: { ...process.env, PORTAL_URL: '', MESTRING_USER_DATA_DIR: profile },
    });
    await use(app);
    await app.close();
  },

  page: async ({ host, electronApp }, use) => {
    if (electronApp) return use(await electronApp.firstWindow());
    const { page, close } = await openInChromium(host as TestHost);
    await use(page);
    await close();
  },
});

/**
 * The renderer the test host serves, in Debian's Chromium, wired to the host's core. `token`: a
 * fresh one from host.issueToken() for a second page; `beforeLoad`: a script of the caller's, with
 * its argument, run in the page before the app's own (a benchmark's observers).
 */
export async function openInChromium<Arg = undefined>(
  host: TestHost,
  options: { token?: string; beforeLoad?: (arg: Arg) => void; beforeLoadArg?: Arg } = {},
): Promise<{ page: Page; close: () => Promise<void> }> {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  const context = await browser.newContext({ locale: 'nb-NO', timezoneId: 'Europe/Oslo' });
  const page = await context.newPage();
  // Playwright types the argument as it arrives in the page (serialised); ours are plain values.
  if (options.beforeLoad)
    await page.addInitScript(options.beforeLoad as (arg: unknown) => void, options.beforeLoadArg);
  await page.addInitScript(installPageBridge, {
    bridgePath: BRIDGE_PATH,
    token: options.token ?? host.token,
    channels: ipcChannels,
    events: ipcEventNames,
  });
  await page.goto(host.url);
  return { page, close: () => browser.close() };
}

export { expect } from '@playwright/test';
