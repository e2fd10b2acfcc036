import {
  defaultRiskRuleConfig,
  highestSeverity,
  RiskRuleConfig,
  type FlagSeverity,
} from '../../shared/clinical/index';
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
 * The proposed flags worth raising: a flag already unresolved (open or acknowledged) for the same
 * rule and instrument at the same or a higher severity covers a new hit, so a patient who stays
 * in the severe band does not get a new flag every week. A hit more severe than the unresolved
 * flag is raised: an urgent answer is never hidden behind an older risk flag.
 */
export function flagsToRaise<F extends ProposedFlag>(
  proposed: readonly F[],
  unresolved: readonly RaisedFlag[],
): F[] {
  return proposed.filter(
    (flag) =>
      !unresolved.some(
        (open) =>
          open.reasonCode === flag.reasonCode &&
          open.instrumentId === flag.source.instrumentId &&
          open.linkId === (flag.source.linkId ?? null) &&
          highestSeverity([open.severity, flag.severity]) === open.severity,
      ),
  );
}

/** A patient's unresolved questionnaire flags. */
export async function unresolvedFlags(tx: Queryable, patientId: string): Promise<RaisedFlag[]> {
  const found = await tx.query<RaisedFlag>(
    `SELECT severity, reason_code AS "reasonCode", source->>'instrumentId' AS "instrumentId",
            source->>'linkId' AS "linkId"
       FROM flag
      WHERE patient_id = $1 AND status <> 'resolved' AND source->>'kind' = 'questionnaire'`,
    [patientId],
  );
  return found.rows;
}
