import {
  defaultRiskRuleConfig,
  highestSeverity,
  RiskRuleConfig,
  type FlagSeverity,
} from '../../shared/clinical/index';
import type { FlagHit } from '../../shared/contracts/domain';
import type { Queryable } from '../db/db';
import type { ProposedFlag } from './assessment';
import { CareError } from './errors';

/**
 * A clinic's risk rules: its stored config, or the service defaults when it has none. Checked
 * again on every read, so a config a later schema no longer accepts stops scoring loudly instead
 * of being half-applied.
 */
export async function clinicRiskRules(db: Queryable, clinicId: string): Promise<RiskRuleConfig> {
  const found = await db.query<{ risk_rules: unknown }>('SELECT risk_rules FROM clinic WHERE id = $1', [
    clinicId,
  ]);
  const stored = found.rows[0]?.risk_rules ?? null;
  if (stored === null) return defaultRiskRuleConfig;
  const parsed = RiskRuleConfig.safeParse(stored);
  if (!parsed.success) {
    throw new CareError('misconfigured', "the clinic's risk rules are not valid; ask an administrator");
  }
  return parsed.data;
}

/** The risk rules of the clinic a patient's team belongs to. */
export async function patientRiskRules(db: Queryable, patientId: string): Promise<RiskRuleConfig> {
  const found = await db.query<{ clinic_id: string }>(
    'SELECT t.clinic_id FROM patient p JOIN team t ON t.id = p.team_id WHERE p.id = $1',
    [patientId],
  );
  return clinicRiskRules(db, found.rows[0]!.clinic_id);
}

/** What identifies "the same flag again": the rule (reason and item) on the same instrument. */
export interface RaisedFlag {
  severity: FlagSeverity;
  reasonCode: string;
  instrumentId: string;
  linkId: string | null;
}

/**
 * The unresolved flags (open or acknowledged) that cover a proposed hit: the same rule and
 * instrument at the same or a higher severity. A covered hit raises no new flag, so a patient who
 * stays in the severe band does not get a new flag every week; it is recorded on the covering
 * flag instead (recordFlagHit in flags.ts), so the flag shows the latest answer. A hit more severe than every
 * unresolved flag is covered by none and raised: an urgent answer is never hidden behind an older
 * risk flag.
 */
export function coveringFlags<R extends RaisedFlag>(proposed: ProposedFlag, unresolved: readonly R[]): R[] {
  return unresolved.filter(
    (open) =>
      open.reasonCode === proposed.reasonCode &&
      open.instrumentId === proposed.source.instrumentId &&
      open.linkId === (proposed.source.linkId ?? null) &&
      highestSeverity([open.severity, proposed.severity]) === open.severity,
  );
}

/** The answer behind a proposed flag as its flag records it, for the response's week. */
export function hitOf(proposed: ProposedFlag, week: number, submittedAt: string): FlagHit {
  const { value } = proposed.details;
  // The shared rules put the answer or total that met the rule in details.value.
  if (typeof value !== 'number') throw new Error(`a ${proposed.reasonCode} proposal carries no value`);
  return {
    responseId: proposed.source.responseId,
    week,
    value,
    severity: proposed.severity,
    at: submittedAt,
  };
}

/** An unresolved flag as a new hit is weighed against it (coveringFlags, recordFlagHit). */
export interface UnresolvedFlag extends RaisedFlag {
  id: string;
  status: 'open' | 'acknowledged';
  acknowledgedAt: Date | null;
  hits: FlagHit[];
}

/**
 * A patient's unresolved questionnaire flags, locked until the transaction ends: a clinician
 * resolving one meanwhile either waits for this submission or is seen here as resolved, so a hit
 * is never recorded on a flag that has just closed.
 */
export async function unresolvedFlags(tx: Queryable, patientId: string): Promise<UnresolvedFlag[]> {
  const found = await tx.query<UnresolvedFlag>(
    `SELECT id, severity, reason_code AS "reasonCode", source->>'instrumentId' AS "instrumentId",
            source->>'linkId' AS "linkId", status, acknowledged_at AS "acknowledgedAt", hits
       FROM flag
      WHERE patient_id = $1 AND status <> 'resolved' AND source->>'kind' = 'questionnaire'
      ORDER BY raised_at, id
        FOR UPDATE`,
    [patientId],
  );
  return found.rows;
}
