import type { EntityKind, EntityRecord } from '../../shared/contracts/domain';
import type { Change, PullResponse } from '../../shared/contracts/sync';
import { audit } from '../audit/audit';
import type { Caller } from '../auth/principal';
import type { Db, Queryable } from '../db/db';
import { comparePositions, encodeCursor, type Cursor } from './cursor';
import { accessLevels, type AccessLevel } from '../access/scope';
import { endExpiredGrants } from '../care/grants';
import {
  flagForOversight,
  loadPatientRecords,
  loadRecords,
  overviewSourceKinds,
  oversightEntityKinds,
  recordEntityKinds,
  selectRecords,
} from '../data/records';

export const PULL_DEFAULT_LIMIT = 1000;
/** Patients whose histories are read per round trip while building a snapshot page. */
const SNAPSHOT_BATCH = 25;

type Position = { txid: string; seq: string };
type LogOp = 'upsert' | 'delete' | 'grant' | 'revoke';
interface LogRow extends Position {
  entity: EntityKind;
  entity_id: string;
  op: LogOp;
  patient_id: string | null;
}

/**
 * Change-log rows the caller may see: $3 is the caller, $4 whether they are an admin. A row with an
 * audience is that one staff member's alone (their scope changed, their access grant). Which of a
 * visible patient's records reach the caller, and how, depends on how much of the record they may
 * see (materialise).
 */
const VISIBLE = `(c.audience_staff_id = $3
    OR (c.audience_staff_id IS NULL AND c.op IN ('upsert', 'delete')
        AND c.patient_id IN (SELECT patient_id FROM patient_access WHERE staff_id = $3))
    OR (c.audience_staff_id IS NULL AND c.patient_id IS NULL
        AND ($4 OR c.team_id IN (SELECT team_id FROM staff_team WHERE staff_id = $3))))`;

/**
 * The pull horizon: the oldest transaction still running that could write to this database. Every
 * change below it has committed or never will. Transactions the server shows to be in another
 * database (pg_stat_activity, pg_prepared_xacts) are left out, so a long transaction elsewhere on
 * a shared server holds back no pull; one it does not show (another role's session, seen without
 * pg_read_all_stats) still counts, so the horizon can be late but never early. xid8 is compared
 * with the 32-bit xid these views show by its low 32 bits: running transactions never span 2^31.
 */
const HORIZON_SQL = `(
  SELECT COALESCE(
    (SELECT x FROM pg_snapshot_xip(now_.snapshot) AS x
      WHERE x::text::bigint % 4294967296 NOT IN (
        SELECT a.backend_xid::text::bigint FROM pg_stat_activity a
         WHERE a.backend_xid IS NOT NULL AND a.datname IS DISTINCT FROM current_database()
        UNION ALL
        SELECT p.transaction::text::bigint FROM pg_prepared_xacts p WHERE p.database <> current_database())
      ORDER BY x LIMIT 1),
    pg_snapshot_xmax(now_.snapshot))
  FROM (SELECT pg_current_snapshot() AS snapshot) AS now_)`;

/**
 * One round trip for a delta pull: the caller's change-log rows after the cursor, the log's head,
 * the oldest of the caller's rows held back (and how long ago it was written), and the epoch,
 * retention floor and snapshot xmax. Only rows below the horizon (HORIZON_SQL) are served: every
 * transaction below it has ended, so no row can later appear behind the new cursor, however out
 * of order writers commit.
 */
export const DELTA_SQL = `
  -- The horizon is a scalar subquery wherever it is compared, so the planner can use it as an
  -- index bound (joined as a table it would scan the whole log).
  WITH horizon AS MATERIALIZED (
    SELECT ${HORIZON_SQL} AS xmin, pg_snapshot_xmax(pg_current_snapshot()) AS xmax),
  page AS (
    SELECT c.txid, c.seq, c.entity, c.entity_id, c.op, c.patient_id
      FROM change_log c
     WHERE (c.txid, c.seq) > ($1::xid8, $2::bigint) AND c.txid < (SELECT xmin FROM horizon) AND ${VISIBLE}
     ORDER BY c.txid, c.seq
     LIMIT $5),
  head AS (
    SELECT c.txid, c.seq FROM change_log c
     WHERE c.txid < (SELECT xmin FROM horizon) ORDER BY c.txid DESC, c.seq DESC LIMIT 1),
  held AS (
    SELECT c.txid, c.seq, c.at FROM change_log c WHERE c.txid >= (SELECT xmin FROM horizon) AND ${VISIBLE}
     ORDER BY c.txid, c.seq LIMIT 1)
  SELECT 'change' AS row_kind, txid::text, seq::text, entity, entity_id::text, op, patient_id::text, NULL AS extra
    FROM page
  UNION ALL SELECT 'head', txid::text, seq::text, NULL, NULL, NULL, NULL, NULL FROM head
  UNION ALL SELECT 'held', txid::text, seq::text, NULL, NULL, NULL, NULL,
                   floor(extract(epoch FROM clock_timestamp() - at))::text FROM held
  UNION ALL SELECT 'meta', log_floor_txid::text, log_floor_seq::text, epoch::text, NULL, NULL, NULL,
                   (SELECT xmax FROM horizon)::text FROM server_meta`;

/**
 * A row of DELTA_SQL as it comes back: four kinds of row share the columns (a change-log row; the
 * head; the oldest held-back row, `extra` its age in seconds; the server's meta, its `entity` the
 * epoch, `txid`/`seq` the retention floor, `extra` the xmax). Read only through `readDelta`.
 */
interface DeltaRow {
  row_kind: 'change' | 'head' | 'held' | 'meta';
  txid: string | null;
  seq: string | null;
  entity: string | null;
  entity_id: string | null;
  op: string | null;
  patient_id: string | null;
  extra: string | null;
}

/** What one delta round trip tells, each fact under its own name. */
interface Delta {
  /** The caller's change-log rows after the cursor, in log order (up to limit + 1). */
  changes: LogRow[];
  /** The newest position below the horizon, whoever's row it is. */
  head: Position | null;
  heldBackSeconds: number | null;
  /** Null only when server_meta is missing: no cursor can be valid then. */
  epoch: string | null;
  /** The oldest position the change log still holds; null before the first pruning. */
  floor: Position | null;
  /** No transaction of this server has made a position at or above this. */
  xmax: bigint | null;
}

const position = (row: DeltaRow): Position | null =>
  row.txid !== null && row.seq !== null ? { txid: row.txid, seq: row.seq } : null;

function readDelta(rows: readonly DeltaRow[]): Delta {
  const find = (kind: DeltaRow['row_kind']) => rows.find((row) => row.row_kind === kind);
  const head = find('head');
  const held = find('held');
  const meta = find('meta');
  const changes = rows
    .filter((row) => row.row_kind === 'change')
    .map((row): LogRow => ({
      txid: row.txid!,
      seq: row.seq!,
      entity: row.entity as EntityKind,
      entity_id: row.entity_id!,
      op: row.op as LogOp,
      patient_id: row.patient_id,
    }))
    .sort(comparePositions);
  return {
    changes,
    head: head ? position(head) : null,
    heldBackSeconds: held ? Math.max(0, Number(held.extra)) : null,
    epoch: meta?.entity ?? null,
    floor: meta ? position(meta) : null,
    xmax: meta?.extra ? BigInt(meta.extra) : null,
  };
}

/** After a restore from a dump onto a server whose transaction ids are lower, say. */
const FROM_THE_FUTURE: PullResponse = { kind: 'resync', reason: 'cursor ahead of this database' };

export interface PullResult {
  response: PullResponse;
  /**
   * Some of the caller's changes are committed but wait behind an older transaction still
   * running in this database: the caller should be nudged again shortly. The value is the
   * age in seconds of the oldest change held back; null when none is.
   */
  heldBackSeconds: number | null;
}

/**
 * Everything the calling staff member may see after their cursor, in commit order, paged.
 * A null cursor starts an initial sync: a snapshot of the caller's whole scope, patient by patient,
 * then the change log from the moment the snapshot began.
 */
export async function pull(
  db: Db,
  caller: Caller,
  epoch: string,
  cursor: Cursor | null,
  limit = PULL_DEFAULT_LIMIT,
): Promise<PullResult> {
  if (cursor && cursor.epoch !== epoch) {
    return { response: { kind: 'resync', reason: 'cursor from another database' }, heldBackSeconds: null };
  }
  if (!cursor) {
    const horizon = await db.query<{ xmin: string }>(`SELECT ${HORIZON_SQL}::text AS xmin`);
    cursor = { epoch, phase: 'snapshot', xmin: horizon.rows[0]!.xmin, after: null };
  }
  if (cursor.phase === 'log') return logPage(db, caller, cursor, limit);
  if (BigInt(cursor.xmin) > (await currentXmax(db)))
    return { response: FROM_THE_FUTURE, heldBackSeconds: null };
  return { response: await snapshotPage(db, caller, cursor, limit), heldBackSeconds: null };
}

async function snapshotPage(
  db: Db,
  caller: Caller,
  cursor: Extract<Cursor, { phase: 'snapshot' }>,
  limit: number,
): Promise<PullResponse> {
  return db.transaction(async (tx) => {
    // Teams, colleagues and the caller's open grants come first and do not count against the
    // limit (a few dozen records).
    const organisation =
      cursor.after === null
        ? [...(await organisationChanges(tx, caller)), ...(await liveGrants(tx, caller))]
        : [];
    const changes: Change[] = [];
    const included: string[] = [];
    const reasons = new Map<string, string | null>();
    let after = cursor.after;
    let finished = false;
    batches: while (changes.length < limit) {
      const patientIds = await nextPatients(tx, caller, after);
      const levels = await accessLevels(tx, caller.principal.id, patientIds);
      for (const [patientId, { grantReason }] of levels) reasons.set(patientId, grantReason);
      const histories = await scopedHistories(tx, levels);
      for (const patientId of patientIds) {
        const history = histories.get(patientId) ?? [];
        // Whole patients per page; a page holds at least one, even when its history exceeds limit.
        if (changes.length > 0 && changes.length + history.length > limit) break batches;
        changes.push(...history);
        included.push(patientId);
        after = patientId;
      }
      if (patientIds.length < SNAPSHOT_BATCH) {
        finished = true;
        break;
      }
    }
    await audit(
      tx,
      caller,
      included.map((patientId) => ({
        patientId,
        action: 'read',
        resource: 'sync.pull',
        reason: reasons.get(patientId) ?? null,
      })),
    );
    const next: Cursor = finished
      ? { epoch: cursor.epoch, phase: 'log', txid: cursor.xmin, seq: '0' }
      : { ...cursor, after };
    // The snapshot ends with one more page: the log from where the snapshot began.
    return {
      kind: 'changes',
      changes: [...organisation, ...changes],
      cursor: encodeCursor(next),
      hasMore: true,
    };
  });
}

async function logPage(
  db: Db,
  caller: Caller,
  cursor: Extract<Cursor, { phase: 'log' }>,
  limit: number,
): Promise<PullResult> {
  const { principal } = caller;
  // Grants past their expiry are ended first, so this very pull already drops what they opened.
  if (principal.role !== 'admin') await db.transaction((tx) => endExpiredGrants(tx, principal.id));
  const result = await db.query<DeltaRow>(DELTA_SQL, [
    cursor.txid,
    cursor.seq,
    principal.id,
    principal.role === 'admin',
    limit + 1,
  ]);
  const { changes: rows, head, heldBackSeconds, epoch, floor, xmax } = readDelta(result.rows);
  if (epoch !== cursor.epoch) {
    return { response: { kind: 'resync', reason: 'cursor from another database' }, heldBackSeconds: null };
  }
  if (xmax !== null && BigInt(cursor.txid) > xmax)
    return { response: FROM_THE_FUTURE, heldBackSeconds: null };
  if (floor && comparePositions(cursor, floor) < 0) {
    return {
      response: { kind: 'resync', reason: 'cursor older than the change log retains' },
      heldBackSeconds: null,
    };
  }

  const hasMore = rows.length > limit;
  const served = rows.slice(0, limit);
  let next: Position = cursor;
  if (hasMore) next = served.at(-1)!;
  // A short page has read everything below the horizon: move to the head even past rows not ours.
  else if (head && comparePositions(head, cursor) > 0) next = head;
  const nextCursor = encodeCursor({ epoch: cursor.epoch, phase: 'log', txid: next.txid, seq: next.seq });
  if (served.length === 0)
    return { response: { kind: 'changes', changes: [], cursor: nextCursor, hasMore }, heldBackSeconds };

  const changes = await db.transaction(async (tx) => {
    const { changes, patientIds, levels } = await materialise(tx, caller, served);
    await audit(
      tx,
      caller,
      patientIds.map((patientId) => ({
        patientId,
        action: 'read',
        resource: 'sync.pull',
        reason: levels.get(patientId)?.grantReason ?? null,
      })),
    );
    return changes;
  });
  return { response: { kind: 'changes', changes, cursor: nextCursor, hasMore }, heldBackSeconds };
}

/**
 * Turns change-log rows into changes carrying each record's current state, in log order, each
 * record once per page, as much of each patient as the caller may see now: the record itself
 * with record access; with oversight only, the patient, enrolment and flags (without notes), and
 * for any change to the rest of the record the patient's recomputed overview instead. A grant
 * sends the patient as the caller may now see them, history included; a revoke drops the patient
 * first, then sends what the caller may still see.
 */
async function materialise(tx: Queryable, caller: Caller, rows: readonly LogRow[]) {
  const patientOf = (row: LogRow) =>
    row.op === 'grant' || row.op === 'revoke' ? row.entity_id : row.patient_id;
  const levels = await accessLevels(tx, caller.principal.id, [
    ...new Set(rows.flatMap((row) => patientOf(row) ?? [])),
  ]);
  const levelOf = (patientId: string | null): AccessLevel | null =>
    patientId === null ? null : (levels.get(patientId)?.level ?? null);
  const isPrivate = (row: LogRow) => row.entity === 'accessGrant';

  /** What an upsert or delete row becomes for this caller: the record, the overview, or nothing. */
  const target = (row: LogRow): { kind: EntityKind; id: string } | null => {
    if (isPrivate(row) || row.patient_id === null || levelOf(row.patient_id) === 'record')
      return { kind: row.entity, id: row.entity_id };
    if (levelOf(row.patient_id) !== 'oversight') return null;
    if (oversightEntityKinds.includes(row.entity)) return { kind: row.entity, id: row.entity_id };
    return overviewSourceKinds.has(row.entity) ? { kind: 'overview', id: row.patient_id } : null;
  };

  const wanted = new Map<EntityKind, Set<string>>();
  const resent = new Map<string, AccessLevel>();
  for (const row of rows) {
    if (row.op === 'grant' || row.op === 'revoke') {
      const level = levelOf(row.entity_id);
      if (level) resent.set(row.entity_id, level);
      continue;
    }
    const to = target(row);
    // A deleted record of a kind oversight sees in full is deleted there too; a deleted source
    // of the overview changes the overview.
    if (!to || (row.op === 'delete' && to.kind !== 'overview')) continue;
    let ids = wanted.get(to.kind);
    if (!ids) wanted.set(to.kind, (ids = new Set()));
    ids.add(to.id);
  }
  const current = new Map<string, Change>();
  for (const [kind, ids] of wanted) {
    for (const record of await loadRecords(tx, kind, [...ids])) {
      current.set(`${kind}:${record.id}`, upsertFor(kind, record, levelOf(patientIdOf(kind, record))));
    }
  }
  const histories = await scopedHistories(
    tx,
    new Map([...resent].map(([patientId, level]) => [patientId, { level }])),
  );

  const changes: Change[] = [];
  const emitted = new Set<string>();
  const patientIds = new Set<string>();
  const emit = (key: string, change: Change, patientId: string | null) => {
    if (emitted.has(key)) return;
    emitted.add(key);
    changes.push(change);
    if (patientId) patientIds.add(patientId);
  };
  const emitHistory = (patientId: string) => {
    for (const change of histories.get(patientId) ?? []) {
      if (change.op === 'upsert') emit(`${change.entity}:${change.record.id}`, change, patientId);
    }
  };
  for (const row of rows) {
    if (row.op === 'grant') {
      // Opened in full: the overview that stood in for the record goes first.
      if (levelOf(row.entity_id) === 'record')
        changes.push({ op: 'delete', entity: 'overview', id: row.entity_id });
      emitHistory(row.entity_id);
      continue;
    }
    if (row.op === 'revoke') {
      changes.push({ op: 'drop-patient', patientId: row.entity_id });
      // After a drop, anything about the patient must be sent again.
      emitted.clear();
      emitHistory(row.entity_id);
      continue;
    }
    const to = target(row);
    if (!to) continue;
    const key = `${to.kind}:${to.id}`;
    if (row.op === 'delete' && to.kind !== 'overview') {
      emit(key, { op: 'delete', entity: row.entity, id: row.entity_id }, null);
      continue;
    }
    const change = current.get(key);
    // A record gone since is answered by its delete row, later in the log.
    if (change) emit(key, change, isPrivate(row) ? null : row.patient_id);
  }
  return { changes, patientIds: [...patientIds], levels };
}

function patientIdOf(kind: EntityKind, record: { id: string }): string | null {
  if (kind === 'team' || kind === 'staff') return null;
  return kind === 'patient' ? record.id : (record as unknown as { patientId: string }).patientId;
}

/** A record as a caller with this access to its patient receives it. */
function upsertFor(kind: EntityKind, record: { id: string }, level: AccessLevel | null): Change {
  const shaped =
    kind === 'flag' && level === 'oversight' ? flagForOversight(record as EntityRecord<'flag'>) : record;
  return { op: 'upsert', entity: kind, record: shaped } as Change;
}

/**
 * Each patient's records as the caller may see them, keyed by patient id, the patient record
 * first: the whole record, or what oversight sees of it.
 */
async function scopedHistories(
  tx: Queryable,
  levels: ReadonlyMap<string, { level: AccessLevel }>,
): Promise<Map<string, Change[]>> {
  const histories = new Map<string, Change[]>([...levels.keys()].map((id) => [id, []]));
  for (const level of ['record', 'oversight'] as const) {
    const patientIds = [...levels].flatMap(([id, access]) => (access.level === level ? [id] : []));
    if (patientIds.length === 0) continue;
    for (const kind of level === 'record' ? recordEntityKinds : oversightEntityKinds) {
      for (const record of await loadPatientRecords(tx, kind, patientIds)) {
        const patientId = patientIdOf(kind, record)!;
        histories.get(patientId)?.push(upsertFor(kind, record, level));
      }
    }
  }
  return histories;
}

/** The caller's own grants still open: which records are open to them, and until when. */
async function liveGrants(tx: Queryable, caller: Caller): Promise<Change[]> {
  const grants = await selectRecords(
    tx,
    'accessGrant',
    'staff_id = $1 AND ended_at IS NULL AND expires_at > now() ORDER BY id',
    [caller.principal.id],
  );
  return grants.map((record): Change => ({ op: 'upsert', entity: 'accessGrant', record }));
}

async function nextPatients(tx: Queryable, caller: Caller, after: string | null): Promise<string[]> {
  if (caller.principal.role === 'admin') return [];
  const result = await tx.query<{ patient_id: string }>(
    `SELECT DISTINCT patient_id FROM patient_access
      WHERE staff_id = $1 AND ($2::uuid IS NULL OR patient_id > $2::uuid)
      ORDER BY patient_id LIMIT $3`,
    [caller.principal.id, after, SNAPSHOT_BATCH],
  );
  return result.rows.map((row) => row.patient_id);
}

/** Teams and colleagues: an admin sees all; staff see their own teams and their members. */
async function organisationChanges(tx: Queryable, caller: Caller): Promise<Change[]> {
  const isAdmin = caller.principal.role === 'admin';
  const teams = await tx.query<{ id: string }>(
    `SELECT id FROM team WHERE $1 OR id IN (SELECT team_id FROM staff_team WHERE staff_id = $2)`,
    [isAdmin, caller.principal.id],
  );
  const staff = await tx.query<{ id: string }>(
    `SELECT DISTINCT staff_id AS id FROM staff_team WHERE team_id = ANY($1::uuid[])
     UNION SELECT id FROM staff WHERE $2 OR id = $3`,
    [teams.rows.map((row) => row.id), isAdmin, caller.principal.id],
  );
  const teamRecords = await loadRecords(
    tx,
    'team',
    teams.rows.map((row) => row.id),
  );
  const staffRecords = await loadRecords(
    tx,
    'staff',
    staff.rows.map((row) => row.id),
  );
  return [
    ...teamRecords.map((record): Change => ({ op: 'upsert', entity: 'team', record })),
    ...staffRecords.map((record): Change => ({ op: 'upsert', entity: 'staff', record })),
  ];
}

async function currentXmax(db: Queryable): Promise<bigint> {
  const result = await db.query<{ xmax: string }>(
    'SELECT pg_snapshot_xmax(pg_current_snapshot())::text AS xmax',
  );
  return BigInt(result.rows[0]!.xmax);
}

/** The database's epoch: fixed for its lifetime, new for every new database. */
export async function serverEpoch(db: Queryable): Promise<string> {
  const result = await db.query<{ epoch: string }>('SELECT epoch::text AS epoch FROM server_meta');
  return result.rows[0]!.epoch;
}
