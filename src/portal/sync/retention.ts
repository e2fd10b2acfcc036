import type { Db } from '../db/db';
import { pruneWebSessions } from '../pages/session';

/** Change-log rows are kept this long; a workstation offline for longer resyncs from scratch. */
export const CHANGE_LOG_RETENTION_DAYS = 30;

/**
 * Push results (the exactly-once records) are kept this long. A mutation replayed after that is
 * judged afresh, so a workstation offline for longer must not replay its outbox (README).
 */
export const MUTATION_RESULT_RETENTION_DAYS = 30;

/**
 * Failed logins are forgotten this long after the last one, unless the name is locked: the count
 * toward a lockout is of failures in a row within a day, and names nobody has leave no trace.
 */
export const LOGIN_FAILURE_RETENTION_HOURS = 24;

/** Runs every retention rule; returns the rows deleted per table. */
export async function runRetention(
  db: Db,
): Promise<{ changeLog: number; mutationResults: number; loginFailures: number; webSessions: number }> {
  return {
    changeLog: await pruneChangeLog(db),
    mutationResults: await pruneMutationResults(db),
    loginFailures: await pruneLoginFailures(db),
    webSessions: await pruneWebSessions(db),
  };
}

export async function pruneLoginFailures(
  db: Db,
  retentionHours = LOGIN_FAILURE_RETENTION_HOURS,
): Promise<number> {
  const deleted = await db.query(
    `DELETE FROM login_failure
      WHERE last_failed_at < now() - make_interval(hours => $1)
        AND (locked_until IS NULL OR locked_until <= now())`,
    [retentionHours],
  );
  return deleted.rowCount;
}

export async function pruneMutationResults(
  db: Db,
  retentionDays = MUTATION_RESULT_RETENTION_DAYS,
): Promise<number> {
  const deleted = await db.query(
    'DELETE FROM mutation_result WHERE created_at < now() - make_interval(days => $1)',
    [retentionDays],
  );
  return deleted.rowCount;
}

/**
 * Deletes change-log rows older than the retention period and raises the log's floor to the
 * newest row deleted, so a cursor from before the floor answers `resync` instead of silently
 * missing what was pruned.
 */
export async function pruneChangeLog(db: Db, retentionDays = CHANGE_LOG_RETENTION_DAYS): Promise<number> {
  return db.transaction(async (tx) => {
    const floor = await tx.query<{ txid: string; seq: string }>(
      `SELECT txid::text, seq::text FROM change_log
        WHERE at < now() - make_interval(days => $1) AND txid < pg_snapshot_xmin(pg_current_snapshot())
        ORDER BY txid DESC, seq DESC LIMIT 1`,
      [retentionDays],
    );
    const top = floor.rows[0];
    if (!top) return 0;
    const deleted = await tx.query('DELETE FROM change_log WHERE (txid, seq) <= ($1::xid8, $2::bigint)', [
      top.txid,
      top.seq,
    ]);
    await tx.query('UPDATE server_meta SET log_floor_txid = $1::xid8, log_floor_seq = $2::bigint', [
      top.txid,
      top.seq,
    ]);
    return deleted.rowCount;
  });
}
