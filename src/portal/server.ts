import { fileURLToPath } from 'node:url';
import type { LevelWithSilent } from 'pino';
import { buildPortal, DEFAULT_PROGRAMME_CONTENT_DIR } from './app';
import { loadProgrammeContent } from './content/programmeContent';
import { createPortalContext } from './context';
import type { Queryable } from './db/db';
import { openDatabase } from './db/open';
import { loadInstrumentTextForStart } from './instruments/textLibrary';
import { createLogger } from './logger';
import { PAGES_PATH } from './pages/index';
import { runRetention } from './sync/retention';
import { endExpiredGrants } from './care/grants';
import { DEMO_ACCOUNTS, type DemoAccount } from './seed/accounts';
import { demoProfileOf, seedIfEmpty, type SeedProfile } from './seed/seed';

const PRUNE_INTERVAL_MS = 6 * 60 * 60 * 1000;
/** How soon after a grant expires its holder's cache is told to drop the record (pulls end it at once). */
const GRANT_SWEEP_MS = 30_000;

export interface PortalOptions {
  /** 0 picks a free port. */
  port?: number;
  host?: string;
  /** PostgreSQL; without it PGlite in dataDir. */
  databaseUrl?: string;
  /** PGlite data directory; `memory://` (the default) keeps nothing. */
  dataDir?: string;
  /**
   * Seeds this demo clinic when the database is empty (refused when it holds real accounts).
   * Default: none; a real clinic's database starts empty.
   */
  seed?: SeedProfile | false;
  logLevel?: LevelWithSilent;
  /** Login attempts per window: per client address and username, and per address over all names. */
  loginRateLimit?: { max: number; timeWindowMs: number; maxPerAddress?: number };
  /** The clinic's instrument text files (resources/instruments/README.md). */
  instrumentTextDir?: string;
  /** The clinic's programme content files (resources/programmes/README.md). */
  programmeContentDir?: string;
}

/** resources/instruments at the repository root, from src/portal and from the bundled out/main alike. */
export const DEFAULT_INSTRUMENT_TEXT_DIR = fileURLToPath(
  new URL('../../resources/instruments', import.meta.url),
);

export interface RunningPortal {
  url: string;
  /** Where patients sign in: the patient pages. */
  patientUrl: string;
  port: number;
  /** The database holds the demo clinic. */
  demo: boolean;
  /** The demo logins, when the database holds the demo clinic. */
  demoAccounts: readonly DemoAccount[];
  close(): Promise<void>;
}

/**
 * Starts a portal: opens and migrates the database, seeds it if asked and empty, and listens.
 * Works in-process, so the desktop app can run an embedded demo portal on loopback.
 */
export async function startPortal(options: PortalOptions = {}): Promise<RunningPortal> {
  const logger = createLogger(options.logLevel ?? 'info');
  // Before the database: a refused text or content file stops the start at once, naming the file.
  const instrumentText = await loadInstrumentTextForStart(
    options.instrumentTextDir ?? DEFAULT_INSTRUMENT_TEXT_DIR,
  );
  const programmeContent = await loadProgrammeContent(
    options.programmeContentDir ?? DEFAULT_PROGRAMME_CONTENT_DIR,
  );
  const db = await openDatabase({ databaseUrl: options.databaseUrl, dataDir: options.dataDir }, logger);
  let context: Awaited<ReturnType<typeof createPortalContext>> | undefined;
  try {
    if (options.seed) await seedIfEmpty(db, options.seed);
    const demo = (await demoProfileOf(db)) !== null;
    if (!demo && !(await hasAnyAccount(db))) {
      logger.info(
        'no accounts yet: create the first administrator with `npm run portal -- create-admin` (same DATABASE_URL / PORTAL_DATA_DIR)',
      );
    }
    context = await createPortalContext(db, options.loginRateLimit);
    const app = await buildPortal(context, logger, instrumentText, programmeContent);
    await app.listen({ port: options.port ?? 0, host: options.host ?? '127.0.0.1' });
    const prune = () =>
      runRetention(db).catch((error: unknown) => logger.warn({ err: String(error) }, 'pruning failed'));
    void prune();
    const pruning = setInterval(prune, PRUNE_INTERVAL_MS).unref();
    // Ending a grant nudges its holder, so a connected workstation drops the record within seconds.
    const sweepGrants = () =>
      db
        .transaction((tx) => endExpiredGrants(tx, null))
        .catch((error: unknown) => logger.warn({ err: String(error) }, 'ending expired grants failed'));
    const grantSweep = setInterval(sweepGrants, GRANT_SWEEP_MS).unref();
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : (options.port ?? 0);
    const host = options.host ?? '127.0.0.1';
    const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
    return {
      url,
      patientUrl: `${url}${PAGES_PATH}`,
      port,
      demo,
      demoAccounts: demo ? DEMO_ACCOUNTS : [],
      async close() {
        clearInterval(pruning);
        clearInterval(grantSweep);
        await app.close();
        context?.stop();
        await db.close();
      },
    };
  } catch (error) {
    context?.stop();
    await db.close();
    throw error;
  }
}

async function hasAnyAccount(db: Queryable): Promise<boolean> {
  return (await db.query('SELECT 1 FROM account LIMIT 1')).rowCount > 0;
}
