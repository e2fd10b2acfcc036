import { randomUUID } from 'node:crypto';
import pg from 'pg';

/** The PostgreSQL server the tests may use: TEST_DATABASE_URL, or the local one. */
export const postgresServerUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export async function postgresReachable(): Promise<boolean> {
  const client = new pg.Client(postgresServerUrl);
  try {
    await client.connect();
    await client.end();
    return true;
  } catch {
    return false;
  }
}

/**
 * A database of its own on that server, for a test that runs the portal on it and reaches into
 * its tables beside it (to make time pass in the session table, or deactivate an account).
 */
export function scratchDatabase(prefix: string): {
  url: string;
  create(): Promise<void>;
  drop(): Promise<void>;
} {
  const name = `${prefix}_${randomUUID().replaceAll('-', '')}`;
  const onServer = async (sql: string) => {
    const client = new pg.Client(postgresServerUrl);
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  return {
    url: Object.assign(new URL(postgresServerUrl), { pathname: `/${name}` }).toString(),
    create: () => onServer(`CREATE DATABASE ${name}`),
    drop: () => onServer(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}
