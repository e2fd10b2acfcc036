import { hashPassword } from '../auth/passwords';
import type { Db } from '../db/db';
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

/**
 * Seeds the demo clinic when the database holds no staff yet; true when it did. The whole clinic
 * goes in one transaction, so a seed cut short leaves an empty database to seed again, never half
 * a clinic. Rows go in as JSON arrays, thousands per statement.
 */
export async function seedIfEmpty(db: Db, profile: SeedProfile, options: SeedOptions = {}): Promise<boolean> {
  const data = generateClinic(profile, options.seed ?? DEFAULT_SEED, options.now ?? new Date());
  // One hash for every demo account: they share a password, and Argon2 is slow on purpose.
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  return db.transaction(async (tx) => {
    // Two instances starting on one empty database: the second waits, then finds it seeded.
    await tx.query('SELECT pg_advisory_xact_lock(7341002)');
    const existing = await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM staff');
    if (existing.rows[0]!.n > 0) return false;
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
    return true;
  });
}
