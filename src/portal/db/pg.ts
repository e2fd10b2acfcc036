import { createHash } from 'node:crypto';
import pg from 'pg';
import type { Logger } from 'pino';
import { DbUnavailableError, isConnectionLoss, type Db, type Queryable } from './db';

const LISTEN_RETRY_MS = 1000;

function translate(error: unknown): never {
  throw isConnectionLoss(error) ? new DbUnavailableError(error) : error;
}

/** PostgreSQL through a pooled `pg` client; LISTEN runs on one dedicated connection that reconnects. */
export function openPostgres(connectionString: string, log: Logger, poolSize = 10): Db {
  const pool = new pg.Pool({
    connectionString,
    max: poolSize,
    application_name: 'ikt-portal',
    connectionTimeoutMillis: 5000,
    // Short, index-driven queries: JIT-compiling them would cost more than running them.
    options: '-c jit=off',
  });
  // An idle client whose backend died emits here; the pool drops it, the next query reconnects.
  pool.on('error', (error) => log.warn({ err: error.message }, 'idle database connection lost'));

  const listeners = new Map<string, Set<(payload: string) => void>>();
  const resumers = new Set<() => void>();
  let listener: pg.Client | undefined;
  let listenerReady: Promise<void> | undefined;
  let closed = false;
  let retryTimer: NodeJS.Timeout | undefined;

  const connectListener = (): Promise<void> => {
    const client = new pg.Client({ connectionString, application_name: 'ikt-portal-listen' });
    client.on('notification', (message) => {
      for (const callback of listeners.get(message.channel) ?? []) callback(message.payload ?? '');
    });
    client.on('error', (error) => {
      log.warn({ err: error.message }, 'notification connection lost; reconnecting');
      scheduleReconnect();
    });
    const ready = (async () => {
      await client.connect();
      for (const channel of listeners.keys()) await client.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
      listener = client;
    })();
    return ready.catch(async (error: unknown) => {
      await client.end().catch(() => undefined);
      throw error;
    });
  };

  const scheduleReconnect = () => {
    const dead = listener;
    listener = undefined;
    void dead?.end().catch(() => undefined);
    if (closed || retryTimer) return;
    retryTimer = setTimeout(() => {
      retryTimer = undefined;
      if (closed) return;
      listenerReady = connectListener().then(
        () => {
          log.info('notification connection restored');
          for (const resume of resumers) resume();
        },
        () => scheduleReconnect(),
      );
    }, LISTEN_RETRY_MS);
    retryTimer.unref();
  };

  return {
    kind: 'postgres',
    async query<Row>(sql: string, params?: readonly unknown[]) {
      // Failing to get a connection at all (refused, shut down, not accepting) is always a 503.
      const client = await pool.connect().catch((error: unknown) => {
        throw new DbUnavailableError(error);
      });
      let broken = false;
      try {
        return normalize<Row>(await client.query(statement(sql, params)));
      } catch (error) {
        broken = isConnectionLoss(error);
        return translate(error);
      } finally {
        client.release(broken);
      }
    },
    async transaction<T>(fn: (tx: Queryable) => Promise<T>) {
      const client = await pool.connect().catch((error: unknown) => {
        throw new DbUnavailableError(error);
      });
      let broken = false;
      const tx: Queryable = {
        query: <Row>(sql: string, params?: readonly unknown[]) =>
          client.query(statement(sql, params)).then(
            (result) => normalize<Row>(result),
            (error: unknown) => {
              broken ||= isConnectionLoss(error);
              return translate(error);
            },
          ),
      };
      try {
        await tx.query('BEGIN ISOLATION LEVEL READ COMMITTED');
        const result = await fn(tx);
        await tx.query('COMMIT');
        return result;
      } catch (error) {
        if (!broken) await client.query('ROLLBACK').catch(() => (broken = true));
        throw error;
      } finally {
        client.release(broken);
      }
    },
    async listen(channel, onPayload, onResume) {
      let callbacks = listeners.get(channel);
      if (!callbacks) listeners.set(channel, (callbacks = new Set()));
      callbacks.add(onPayload);
      if (onResume) resumers.add(onResume);
      listenerReady ??= connectListener();
      await listenerReady;
      await listener?.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
    },
    async close() {
      closed = true;
      clearTimeout(retryTimer);
      await listener?.end().catch(() => undefined);
      await pool.end();
    },
  };
}

const statementNames = new Map<string, string>();

/**
 * Parameterised queries run as named prepared statements: each connection parses and plans them
 * once. The SQL texts are the portal's own, a fixed set, so the cache stays small.
 */
function statement(text: string, params?: readonly unknown[]): pg.QueryConfig {
  if (!params?.length) return { text };
  let name = statementNames.get(text);
  if (!name)
    statementNames.set(text, (name = `p${createHash('sha1').update(text).digest('hex').slice(0, 16)}`));
  return { name, text, values: params as unknown[] };
}

function normalize<Row>(result: pg.QueryResult): { rows: Row[]; rowCount: number } {
  return { rows: result.rows as Row[], rowCount: result.rowCount ?? 0 };
}
