import type { Flag } from '../../shared/contracts/domain';
import { defaultRiskRuleConfig, proposeFlags, type RiskRuleConfig } from '../../shared/clinical/risk';
import { getInstrument } from '../../shared/clinical/instruments/registry';
import { scoreResponse, type ScoreError, type ScoredResponse } from '../../shared/clinical/scoring';

export interface ProposedFlag {
  severity: Flag['severity'];
  reasonCode: string;
  source: Extract<Flag['source'], { kind: 'questionnaire' }>;
  details: Flag['details'];
}

/** A scoring error, or an instrument the shared registry does not know. */
export type AssessmentError = ScoreError | { code: 'unknown-instrument'; message: string };

export type Assessment =
  { ok: true; scored: ScoredResponse; flags: ProposedFlag[] } | { ok: false; errors: AssessmentError[] };

/**
 * Scores a questionnaire response and lists the flags it raises under a clinic's risk rules, by
 * the shared clinical rules (src/shared/clinical), so the portal and the workstation always agree
 * on a score.
 */
export function assessResponse(
  instrumentId: string,
  answers: Readonly<Record<string, number>>,
  responseId: string,
  baselineTotal: number | null,
  rules: RiskRuleConfig = defaultRiskRuleConfig,
): Assessment {
  const definition = getInstrument(instrumentId);
  if (!definition)
    return {
      ok: false,
      errors: [{ code: 'unknown-instrument', message: `unknown instrument ${instrumentId}` }],
    };
  const scored = scoreResponse(definition, answers);
  if (!scored.ok) return scored;
  const flags = proposeFlags({ definition, scored, responseId, baselineTotal }, rules).map(
    (proposal): ProposedFlag => ({
      severity: proposal.severity,
      reasonCode: proposal.reasonCode,
      source: {
        kind: 'questionnaire',
        instrumentId: definition.id,
        responseId,
        linkId: proposal.source.kind === 'questionnaire' ? (proposal.source.linkId ?? null) : null,
      },
      details: proposal.details,
    }),
  );
  return { ok: true, scored, flags };
}
