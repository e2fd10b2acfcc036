import { defineConfig } from '@playwright/test';

/** One worker: the machine has two cores and each test starts a portal and a workstation core. */
export default defineConfig({
  testDir: 'tests/e2e',
  workers: 1,
  fullyParallel: false,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  use: { trace: 'off', screenshot: 'off' },
});
