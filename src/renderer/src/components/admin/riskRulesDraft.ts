import type { FlagSeverity } from '../../../../shared/clinical/flags';
import { getInstrument, instrumentIds } from '../../../../shared/clinical/instruments/registry';
import type { InstrumentId } from '../../../../shared/clinical/instruments/types';
import { RiskRuleConfig, type ItemRiskRule } from '../../../../shared/clinical/risk';

/**
 * The risk-rule form's state and its way back to a config: the thresholds as typed (an empty
 * field is "none"), a band choice for every instrument, and the check by the shared schema, whose
 * refusals are turned into the field they belong to and what is wrong with it.
 */

export interface ItemDraft {
  rule: ItemRiskRule;
  riskAt: string;
  urgentAt: string;
}

export interface BandDraft {
  bandIds: string[];
  severity: FlagSeverity;
}

export interface RiskRulesDraft {
  items: ItemDraft[];
  bands: Record<InstrumentId, BandDraft>;
  deterioration: RiskRuleConfig['reliableDeterioration'];
}

export type ThresholdKey = 'riskAt' | 'urgentAt';

/** What is wrong, keyed by field: `item-<i>-riskAt`, `item-<i>-urgentAt` or `item-<i>` (the rule). */
export type DraftProblem =
  { kind: 'range'; min: number; max: number } | { kind: 'none' } | { kind: 'order' } | { kind: 'other' };

export const thresholdField = (index: number, key: ThresholdKey) => `item-${index}-${key}`;
export const ruleField = (index: number) => `item-${index}`;

export function draftOf(config: RiskRuleConfig): RiskRulesDraft {
  const bands = Object.fromEntries(
    instrumentIds.map((id) => {
      const rule = config.bandRules.find((each) => each.instrumentId === id);
      return [id, { bandIds: rule ? [...rule.bandIds] : [], severity: rule?.severity ?? 'risk' }];
    }),
  ) as Record<InstrumentId, BandDraft>;
  return {
    items: config.itemRules.map((rule) => ({
      rule,
      riskAt: rule.riskAt === null ? '' : String(rule.riskAt),
      urgentAt: rule.urgentAt === null ? '' : String(rule.urgentAt),
    })),
    bands,
    deterioration: { ...config.reliableDeterioration },
  };
}

/** An empty field means no threshold; anything not a whole number stays invalid for the schema. */
function threshold(text: string): number | null {
  return text.trim() === '' ? null : Number(text);
}

/** The config the form describes, not yet checked. */
export function configOf(draft: RiskRulesDraft): RiskRuleConfig {
  return {
    itemRules: draft.items.map(({ rule, riskAt, urgentAt }) => ({
      ...rule,
      riskAt: threshold(riskAt),
      urgentAt: threshold(urgentAt),
    })),
    bandRules: instrumentIds
      .filter((id) => draft.bands[id].bandIds.length > 0)
      .map((id) => ({
        instrumentId: id,
        bandIds: draft.bands[id].bandIds,
        severity: draft.bands[id].severity,
      })),
    reliableDeterioration: draft.deterioration,
  };
}

/** The answer scale of a rule's item, where a threshold may lie (above the lowest answer). */
export function thresholdRange(rule: ItemRiskRule): { min: number; max: number } | null {
  const item = getInstrument(rule.instrumentId)?.items.find((each) => each.linkId === rule.linkId);
  return item ? { min: item.min + 1, max: item.max } : null;
}

/**
 * The draft checked by the shared schema (the one the portal checks again): the config to send,
 * or each problem at its field.
 */
export function checkDraft(
  draft: RiskRulesDraft,
): { ok: true; config: RiskRuleConfig } | { ok: false; problems: Map<string, DraftProblem> } {
  const config = configOf(draft);
  const parsed = RiskRuleConfig.safeParse(config);
  if (parsed.success) return { ok: true, config: parsed.data };
  const problems = new Map<string, DraftProblem>();
  const ruleIssues: number[] = [];
  for (const issue of parsed.error.issues) {
    const [list, index, key] = issue.path;
    const rule = list === 'itemRules' && typeof index === 'number' ? config.itemRules[index] : undefined;
    if (!rule || typeof index !== 'number') {
      problems.set('form', { kind: 'other' });
    } else if (key === 'riskAt' || key === 'urgentAt') {
      const range = thresholdRange(rule);
      problems.set(thresholdField(index, key), range ? { kind: 'range', ...range } : { kind: 'other' });
    } else {
      ruleIssues.push(index);
    }
  }
  // A rule's own problem (none set, or in the wrong order) only once its fields are each valid.
  for (const index of ruleIssues) {
    if (problems.has(thresholdField(index, 'riskAt')) || problems.has(thresholdField(index, 'urgentAt')))
      continue;
    const rule = config.itemRules[index]!;
    problems.set(ruleField(index), {
      kind: rule.riskAt === null && rule.urgentAt === null ? 'none' : 'order',
    });
  }
  return { ok: false, problems };
}
