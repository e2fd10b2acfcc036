import { homedir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { CommandError, createAdminCommand } from './admin/createAdminCommand';
import { startPortal } from './server';
import type { SeedProfile } from './seed/seed';

/**
 * `npm run portal [-- --demo[=large]]`, or `npm run portal -- create-admin ...` to create an
 * administrator (see admin/createAdminCommand.ts) and exit. PostgreSQL when DATABASE_URL is set, otherwise PGlite in
 * PORTAL_DATA_DIR (default: a per-user data directory). A real clinic's database starts empty; the
 * demo clinic is seeded only when asked (`--demo`, or PORTAL_SEED=demo|large). Instrument text
 * files are read from PORTAL_INSTRUMENT_DIR (default: resources/instruments), programme content
 * from PORTAL_PROGRAMME_DIR (default: resources/programmes).
 */
function defaultDataDir(): string {
  if (process.platform === 'win32')
    return join(process.env.LOCALAPPDATA ?? join(homedir(), 'AppData', 'Local'), 'ikt-portal');
  if (process.platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'ikt-portal');
  return join(process.env.XDG_DATA_HOME ?? join(homedir(), '.local', 'share'), 'ikt-portal');
}

/** The demo profile asked for by `--demo[=large]` or PORTAL_SEED; anything else is an error. */
function seedProfile(flag: string | undefined): SeedProfile | false {
  const asked = flag ?? process.env.PORTAL_SEED ?? '';
  if (asked === '' || asked === 'none') return false;
  if (asked === 'demo' || asked === 'large') return asked;
  throw new Error(`unknown demo profile "${asked}": use --demo, --demo=large or PORTAL_SEED=demo|large`);
}

const { values, positionals } = parseArgs({
  options: {
    demo: { type: 'string' },
    username: { type: 'string' },
    name: { type: 'string' },
    clinic: { type: 'string' },
  },
  // `--demo` alone: parseArgs wants a value for a string option, so the bare flag is read below.
  args: process.argv.slice(2).map((arg) => (arg === '--demo' ? '--demo=demo' : arg)),
  allowPositionals: true,
  strict: true,
});

const databaseUrl = process.env.DATABASE_URL || undefined;
const database = {
  databaseUrl,
  dataDir: databaseUrl ? undefined : (process.env.PORTAL_DATA_DIR ?? defaultDataDir()),
};

if (positionals[0] === 'create-admin') {
  try {
    console.log(await createAdminCommand(values, database));
    process.exit(0);
  } catch (error) {
    if (!(error instanceof CommandError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
} else if (positionals.length > 0) {
  console.error(`unknown command "${positionals[0]}": the portal takes create-admin, or no command to serve`);
  process.exit(2);
}

const portal = await startPortal({
  port: Number(process.env.PORT ?? 8787),
  host: process.env.HOST ?? '127.0.0.1',
  ...database,
  seed: seedProfile(values.demo),
  instrumentTextDir: process.env.PORTAL_INSTRUMENT_DIR || undefined,
  programmeContentDir: process.env.PORTAL_PROGRAMME_DIR || undefined,
  logLevel: process.env.LOG_LEVEL === 'debug' ? 'debug' : 'info',
});

console.log(`\nPortal listening on ${portal.url} (${databaseUrl ? 'PostgreSQL' : 'PGlite'})`);
console.log(`Patients sign in at ${portal.patientUrl}`);
console.log(`OpenAPI: ${portal.url}/openapi.json`);
if (portal.demo) {
  console.log('DEMO clinic (synthetic data, published passwords). Demo logins:');
  for (const account of portal.demoAccounts) {
    console.log(
      `  ${account.username.padEnd(10)} ${account.password}  ${account.role}: ${account.description}`,
    );
  }
}

let stopping = false;
const stop = async (signal: string) => {
  if (stopping) return;
  stopping = true;
  console.log(`\n${signal}: shutting down`);
  await portal.close();
  process.exit(0);
};
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));
