import { hashPassword } from '../auth/passwords';
import type { Db, Queryable } from '../db/db';
import { DEMO_PASSWORD } from './accounts';
import { generateClinic, type ClinicData, type SeedProfile } from './generate';

export type { SeedProfile };

/** Seeds are reproducible: this seed and a given "now" always give the same clinic. */
export const DEFAULT_SEED = 20_260_101;
const CHUNK_ROWS = 2_000;

export interface SeedOptions {
  seed?: number;
  now?: Date;
}

/** Asked to seed the demo clinic into a database that holds a real clinic's accounts. */
export class DemoSeedRefused extends Error {
  constructor() {
    super(
      'refusing to seed the demo clinic: this database already holds real accounts (start without --demo / PORTAL_SEED)',
    );
    this.name = 'DemoSeedRefused';
  }
}

/**
 * Seeds the demo clinic into an empty database and marks the database as a demo; true when it
 * did, false when it already holds a demo clinic. A database with accounts of its own (a real
 * clinic) is refused with DemoSeedRefused: its people must never get the demo's published
 * passwords. The whole clinic goes in one transaction, so a seed cut short leaves an empty
 * database to seed again, never half a clinic. Rows go in as JSON arrays, thousands per statement.
 */
export async function seedIfEmpty(db: Db, profile: SeedProfile, options: SeedOptions = {}): Promise<boolean> {
  const data = generateClinic(profile, options.seed ?? DEFAULT_SEED, options.now ?? new Date());
  // One hash for every demo account: they share a password, and Argon2 is slow on purpose.
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  return db.transaction(async (tx) => {
    // Two instances starting on one empty database: the second waits, then finds it seeded.
    await tx.query('SELECT pg_advisory_xact_lock(7341002)');
    const existing = await tx.query<{ accounts: number; demo: string | null }>(
      `SELECT (SELECT count(*)::int FROM account) + (SELECT count(*)::int FROM staff) AS accounts,
              demo_profile AS demo FROM server_meta`,
    );
    const { accounts, demo } = existing.rows[0]!;
    if (demo !== null) return false;
    if (accounts > 0) throw new DemoSeedRefused();
    for (const table of Object.keys(data) as (keyof ClinicData)[]) {
      const rows =
        table === 'account'
          ? data.account.map((row) => ({ ...row, password_hash: passwordHash }))
          : data[table];
      for (let start = 0; start < rows.length; start += CHUNK_ROWS) {
        const chunk = rows.slice(start, start + CHUNK_ROWS);
        const columns = Object.keys(chunk[0]!).join(', ');
        await tx.query(
          `INSERT INTO ${table} (${columns}) SELECT ${columns} FROM json_populate_recordset(NULL::${table}, $1::json)`,
          [JSON.stringify(chunk)],
        );
      }
    }
    await tx.query('UPDATE server_meta SET demo_profile = $1', [profile]);
    return true;
  });
}

/** The demo profile this database was seeded with, or null for a real clinic's database. */
export async function demoProfileOf(db: Queryable): Promise<SeedProfile | null> {
  const found = await db.query<{ demo_profile: SeedProfile | null }>('SELECT demo_profile FROM server_meta');
  return found.rows[0]?.demo_profile ?? null;
}
