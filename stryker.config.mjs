/**
 * Mutation testing (`npm run test:mutation`): changes the clinical rules and the portal's sync one
 * small edit at a time and reports each change no test noticed. Slow (minutes for the clinical
 * rules, much longer for sync), so it runs on demand, not in CI. Narrow it with
 * `npm run test:mutation -- --mutate 'src/shared/clinical/change.ts'`.
 * @type {import('@stryker-mutator/api/core').PartialStrykerOptions}
 */
export default {
  testRunner: 'vitest',
  plugins: ['@stryker-mutator/vitest-runner'],
  vitest: { configFile: 'vitest.config.ts' },
  mutate: ['src/shared/clinical/**/*.ts', 'src/portal/sync/**/*.ts'],
  // Runs only the tests that cover each mutant. A mutant in a module-level constant (an instrument's
  // items and bands, say) is covered by no test in particular and would run the whole suite: skipped.
  coverageAnalysis: 'perTest',
  ignoreStatic: true,
  // The machine has two cores; the portal tests each run a database.
  concurrency: 2,
  timeoutMS: 30_000,
  // The first run, which maps tests to code, runs the whole Vitest suite: minutes on two cores.
  dryRunTimeoutMinutes: 30,
  reporters: ['clear-text', 'progress', 'html'],
  htmlReporter: { fileName: 'reports/mutation/index.html' },
  tempDirName: '.stryker-tmp',
};
