import type { Db } from '../db/db';

/** Change-log rows are kept this long; a workstation offline for longer resyncs from scratch. */
export const CHANGE_LOG_RETENTION_DAYS = 30;

/**
 * Push results (the exactly-once records) are kept this long. A mutation replayed after that is
 * judged afresh, so a workstation offline for longer must not replay its outbox (README).
 */
export const MUTATION_RESULT_RETENTION_DAYS = 30;

/** Runs every retention rule; returns the rows deleted per table. */
export async function runRetention(db: Db): Promise<{ changeLog: number; mutationResults: number }> {
  return { changeLog: await pruneChangeLog(db), mutationResults: await pruneMutationResults(db) };
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
