import {
  acknowledgeFlag as acknowledgement,
  resolveFlag as resolution,
  type FlagLifecycle,
  type FlagSeverity,
  type FlagTransition,
} from '../../shared/clinical/index';
import type { FlagHit } from '../../shared/contracts/domain';
import { canAccessPatient, requirePatientAccess } from '../access/scope';
import { audit } from '../audit/audit';
import type { Caller } from '../auth/principal';
import { logChanges } from '../data/changes';
import type { Queryable } from '../db/db';
import { CareError, recordNotFound } from './errors';
import type { UnresolvedFlag } from './riskRules';

/** Locks the flag, checks the caller may act on it, and returns its lifecycle as the clinical rules see it. */
async function lockFlag(tx: Queryable, caller: Caller, flagId: string) {
  const found = await tx.query<{
    patient_id: string;
    status: FlagLifecycle['status'];
    acknowledged_by: string | null;
    acknowledged_at: Date | null;
    acknowledge_note: string | null;
    resolved_by: string | null;
    resolved_at: Date | null;
    hit_count: number;
  }>(
    `SELECT patient_id, status, acknowledged_by, acknowledged_at, acknowledge_note, resolved_by, resolved_at,
            jsonb_array_length(hits) AS hit_count
       FROM flag WHERE id = $1 FOR UPDATE`,
    [flagId],
  );
  const row = found.rows[0];
  if (!row || !(await canAccessPatient(tx, caller.principal, row.patient_id))) {
    throw recordNotFound('flag');
  }
  const flag: FlagLifecycle & { patientId: string; hitCount: number } = {
    patientId: row.patient_id,
    hitCount: row.hit_count,
    status: row.status,
    acknowledgedBy: row.acknowledged_by,
    acknowledgedAt: row.acknowledged_at?.toISOString() ?? null,
    acknowledgeNote: row.acknowledge_note,
    resolvedBy: row.resolved_by,
    resolvedAt: row.resolved_at?.toISOString() ?? null,
  };
  return flag;
}

/** The shared flag lifecycle decides what is allowed (e.g. only an acknowledged flag is resolved). */
function allowed<F>(transition: FlagTransition<F>): F {
  if (!transition.ok) throw new CareError('conflict', transition.error.message);
  return transition.flag;
}

async function recordFlagWrite(
  tx: Queryable,
  caller: Caller,
  flagId: string,
  patientId: string,
  action: string,
) {
  await logChanges(tx, [{ op: 'upsert', entity: 'flag', id: flagId, patientId }]);
  await audit(tx, caller, [{ patientId, action, resource: 'flag' }]);
}

/** A clinician has seen the flag and says what they did about it. */
export async function acknowledgeFlag(
  tx: Queryable,
  caller: Caller,
  { flagId, note, seenHits }: { flagId: string; note: string; seenHits?: number },
  now: Date,
): Promise<void> {
  const flag = await lockFlag(tx, caller, flagId);
  if (seenHits !== undefined && flag.hitCount > seenHits) {
    throw new CareError(
      'conflict',
      'The flag has a newer answer than the one acknowledged: read it and acknowledge again',
    );
  }
  const next = allowed(acknowledgement(flag, { by: caller.principal.id, at: now.toISOString(), note }));
  await tx.query(
    `UPDATE flag SET status = $2, acknowledged_by = $3, acknowledged_at = $4, acknowledge_note = $5,
            updated_at = now() WHERE id = $1`,
    [flagId, next.status, next.acknowledgedBy, next.acknowledgedAt, next.acknowledgeNote],
  );
  await recordFlagWrite(tx, caller, flagId, flag.patientId, 'acknowledge');
}

/** An acknowledged flag is closed, with an optional note. */
export async function resolveFlag(
  tx: Queryable,
  caller: Caller,
  { flagId, note }: { flagId: string; note?: string },
  now: Date,
): Promise<void> {
  const flag = await lockFlag(tx, caller, flagId);
  const next = allowed(resolution(flag, { by: caller.principal.id, at: now.toISOString() }));
  await tx.query(
    `UPDATE flag SET status = $2, resolved_by = $3, resolved_at = $4, resolve_note = $5, updated_at = now()
      WHERE id = $1`,
    [flagId, next.status, next.resolvedBy, next.resolvedAt, note ?? null],
  );
  await recordFlagWrite(tx, caller, flagId, flag.patientId, 'resolve');
}

/**
 * Whether a covered hit reopens an acknowledged flag: an answer to the flag's item above every
 * answer the flag held when it was acknowledged. The acknowledgement says what the clinician did
 * about the answers they saw (a call, a safety plan); a worse answer than those is a new risk
 * that plan did not meet, so the flag is open again, unacknowledged, and the patient returns to
 * the top of the queue. The same or a milder answer stays recorded on the acknowledged flag
 * without an alarm: the clinician is already following it up.
 *
 * Only an item's answer reopens a flag (PHQ-9 item 9: each step is a different answer, "several
 * days" to "nearly every day"); a total one or two points higher is within the questionnaire's
 * measurement error, and the band and deterioration flags it raised stay as acknowledged.
 */
export function reopensAcknowledged(flag: UnresolvedFlag, hit: FlagHit): boolean {
  if (flag.status !== 'acknowledged' || flag.linkId === null || flag.acknowledgedAt === null) return false;
  const acknowledgedAt = flag.acknowledgedAt.getTime();
  const seen = flag.hits.filter((h) => Date.parse(h.at) <= acknowledgedAt).map((h) => h.value);
  // A flag acknowledged without a recorded answer (raised before hits were kept): any answer is news.
  return seen.length === 0 || hit.value > Math.max(...seen);
}

/**
 * Adds a covered hit to an unresolved flag's record of hits (the caller holds the flag's row lock
 * and logs the change). Every hit is kept, not only the first and the latest: at most one per
 * questionnaire a week, so the list stays short, and the clinician sees the whole course
 * ("2 in week 5, 3 in week 6, 1 in week 7"), an improvement as well as a worsening. A worse
 * answer on an acknowledged flag reopens it (reopensAcknowledged); the earlier acknowledgement
 * stays on the record, so the card can say who acknowledged what before.
 */
export async function recordFlagHit(
  tx: Queryable,
  caller: Caller,
  flag: UnresolvedFlag & { patientId: string },
  hit: FlagHit,
): Promise<void> {
  const reopen = reopensAcknowledged(flag, hit);
  await tx.query(
    `UPDATE flag SET hits = hits || $2::jsonb, status = CASE WHEN $3 THEN 'open' ELSE status END,
            updated_at = now()
      WHERE id = $1`,
    [flag.id, JSON.stringify([hit]), reopen],
  );
  if (reopen) await audit(tx, caller, [{ patientId: flag.patientId, action: 'reopen', resource: 'flag' }]);
}

/** A clinician raises a flag on a patient in their scope, under the client's id. */
export async function raiseFlag(
  tx: Queryable,
  caller: Caller,
  flag: { flagId: string; patientId: string; severity: FlagSeverity; note: string },
): Promise<void> {
  const { flagId, patientId, severity, note } = flag;
  await requirePatientAccess(tx, caller, patientId);
  const inserted = await tx.query(
    `INSERT INTO flag (id, patient_id, severity, reason_code, source, details, status, raised_at)
     VALUES ($1, $2, $3, 'clinician-raised', $4, $5, 'open', now()) ON CONFLICT (id) DO NOTHING`,
    [flagId, patientId, severity, { kind: 'clinician', staffId: caller.principal.id }, { note }],
  );
  if (inserted.rowCount === 0) throw new CareError('conflict', 'flag id already used');
  await recordFlagWrite(tx, caller, flagId, patientId, 'create');
}
