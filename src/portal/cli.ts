import { homedir } from 'node:os';
import { join } from 'node:path';
import { startPortal } from './server';

/**
 * `npm run portal`: PostgreSQL when DATABASE_URL is set, otherwise PGlite in PORTAL_DATA_DIR
 * (default: a per-user data directory). Seeds the demo clinic into an empty database. Instrument
 * text files are read from PORTAL_INSTRUMENT_DIR (default: resources/instruments), programme
 * content from PORTAL_PROGRAMME_DIR (default: resources/programmes).
 */
function defaultDataDir(): string {
  if (process.platform === 'win32')
    return join(process.env.LOCALAPPDATA ?? join(homedir(), 'AppData', 'Local'), 'ikt-portal');
  if (process.platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'ikt-portal');
  return join(process.env.XDG_DATA_HOME ?? join(homedir(), '.local', 'share'), 'ikt-portal');
}

const databaseUrl = process.env.DATABASE_URL || undefined;
const portal = await startPortal({
  port: Number(process.env.PORT ?? 8787),
  host: process.env.HOST ?? '127.0.0.1',
  databaseUrl,
  dataDir: databaseUrl ? undefined : (process.env.PORTAL_DATA_DIR ?? defaultDataDir()),
  seed: process.env.PORTAL_SEED === 'large' ? 'large' : 'demo',
  instrumentTextDir: process.env.PORTAL_INSTRUMENT_DIR || undefined,
  programmeContentDir: process.env.PORTAL_PROGRAMME_DIR || undefined,
  logLevel: process.env.LOG_LEVEL === 'debug' ? 'debug' : 'info',
});

console.log(`\nPortal listening on ${portal.url} (${databaseUrl ? 'PostgreSQL' : 'PGlite'})`);
console.log(`Patients sign in at ${portal.patientUrl}`);
console.log(`OpenAPI: ${portal.url}/openapi.json`);
console.log('Demo logins:');
for (const account of portal.demoAccounts) {
  console.log(
    `  ${account.username.padEnd(10)} ${account.password}  ${account.role}: ${account.description}`,
  );
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
