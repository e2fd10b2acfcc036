import { mkdir } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import type { Db, Queryable } from './db';

/**
 * PGlite: PostgreSQL compiled to WebAssembly, in-process, one connection. Every statement and
 * transaction runs through one queue, so a transaction never interleaves with another request's
 * statements. `dataDir` is a directory, or `memory://` for a throwaway database.
 */
export async function openPglite(dataDir: string): Promise<Db> {
  if (!dataDir.includes('://')) await mkdir(dataDir, { recursive: true });
  const pglite = await PGlite.create(dataDir);
  let tail: Promise<unknown> = Promise.resolve();
  const exclusive = <T>(work: () => Promise<T>): Promise<T> => {
    const run = tail.then(work, work);
    tail = run.catch(() => undefined);
    return run;
  };
  // Without parameters a script may hold several statements (migrations): run it as one exec.
  const run = async <Row>(sql: string, params?: readonly unknown[]) => {
    const result = params?.length
      ? await pglite.query<Row>(sql, params as unknown[])
      : ((await pglite.exec(sql)).at(-1) as { rows: Row[]; affectedRows?: number } | undefined);
    return { rows: result?.rows ?? [], rowCount: result?.affectedRows || result?.rows.length || 0 };
  };

  return {
    kind: 'pglite',
    query: (sql, params) => exclusive(() => run(sql, params)),
    transaction<T>(fn: (tx: Queryable) => Promise<T>) {
      return exclusive(async () => {
        await pglite.exec('BEGIN ISOLATION LEVEL READ COMMITTED');
        try {
          const result = await fn({ query: (sql, params) => run(sql, params) });
          await pglite.exec('COMMIT');
          return result;
        } catch (error) {
          await pglite.exec('ROLLBACK');
          throw error;
        }
      });
    },
    async listen(channel, onPayload) {
      await exclusive(() => pglite.listen(channel, onPayload));
    },
    close: () => exclusive(() => pglite.close()),
  };
}
