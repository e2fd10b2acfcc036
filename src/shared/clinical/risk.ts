import { z } from 'zod';
import { Code } from '../contracts/fields';
import { classifyChange } from './change';
import { FlagSeverity, type FlagProposal, type FlagSource } from './flags';
import { getInstrument } from './instruments/registry';
import type { InstrumentDefinition } from './instruments/types';
import type { ScoredResponse } from './scoring';

/**
 * Which answers raise a flag, and how severe. The defaults are the service's; a clinic can
 * tighten or loosen them in a validated config. A flag means "contact the patient today", so the
 * defaults flag what needs that, not every high score: a severe total raises a flag only on the
 * instruments whose top band is called severe (PHQ-9, GAD-7, MADRS-S). PDSS-SR "markedly ill"
 * and LSAS-SR "generalized" are where most panic and social-anxiety patients start, and
 * flagging them every week would bury the flags that matter; a clinic can add them.
 */

export const RISK_REASON = {
  severeBand: 'severe-band',
  reliableDeterioration: 'reliable-deterioration',
} as const;

const Id = Code;

export const ItemRiskRule = z.strictObject({
  instrumentId: Id,
  linkId: Id,
  /** Stable id for the UI, e.g. 'suicidal-thoughts'. */
  reasonCode: Id,
  /** The answer value at and above which the rule raises 'risk'; null for none. */
  riskAt: z.number().int().nullable(),
  /** The answer value at and above which the rule raises 'urgent'; null for none. */
  urgentAt: z.number().int().nullable(),
});
export type ItemRiskRule = z.infer<typeof ItemRiskRule>;

export const BandRiskRule = z.strictObject({
  instrumentId: Id,
  bandIds: z.array(Id).min(1),
  severity: FlagSeverity,
});
export type BandRiskRule = z.infer<typeof BandRiskRule>;

function checkItemRule(rule: ItemRiskRule, path: (string | number)[], ctx: z.RefinementCtx): void {
  const def = getInstrument(rule.instrumentId);
  if (!def) {
    ctx.addIssue({
      code: 'custom',
      path: [...path, 'instrumentId'],
      message: `unknown instrument "${rule.instrumentId}"`,
    });
    return;
  }
  const it = def.items.find((i) => i.linkId === rule.linkId);
  if (!it) {
    ctx.addIssue({
      code: 'custom',
      path: [...path, 'linkId'],
      message: `"${rule.linkId}" is not an item of ${def.id}`,
    });
    return;
  }
  if (rule.riskAt === null && rule.urgentAt === null) {
    ctx.addIssue({ code: 'custom', path, message: 'a rule needs riskAt, urgentAt or both' });
  }
  for (const key of ['riskAt', 'urgentAt'] as const) {
    const at = rule[key];
    // At the item minimum every answer would raise a flag.
    if (at !== null && (at <= it.min || at > it.max)) {
      ctx.addIssue({
        code: 'custom',
        path: [...path, key],
        message: `${key} ${at} must be within ${it.min + 1}-${it.max} for ${def.id} item ${it.linkId}`,
      });
    }
  }
  if (rule.riskAt !== null && rule.urgentAt !== null && rule.riskAt >= rule.urgentAt) {
    ctx.addIssue({ code: 'custom', path, message: 'riskAt must be below urgentAt' });
  }
}

function checkBandRule(rule: BandRiskRule, path: (string | number)[], ctx: z.RefinementCtx): void {
  const def = getInstrument(rule.instrumentId);
  if (!def) {
    ctx.addIssue({
      code: 'custom',
      path: [...path, 'instrumentId'],
      message: `unknown instrument "${rule.instrumentId}"`,
    });
    return;
  }
  rule.bandIds.forEach((bandId, i) => {
    if (!def.bands.some((b) => b.id === bandId)) {
      ctx.addIssue({
        code: 'custom',
        path: [...path, 'bandIds', i],
        message: `"${bandId}" is not a band of ${def.id}`,
      });
    }
  });
}

function checkDuplicates(keys: string[], path: string, ctx: z.RefinementCtx): void {
  keys.forEach((key, i) => {
    if (keys.indexOf(key) !== i)
      ctx.addIssue({ code: 'custom', path: [path, i], message: `a second rule for ${key}` });
  });
}

export const RiskRuleConfig = z
  .strictObject({
    itemRules: z.array(ItemRiskRule),
    bandRules: z.array(BandRiskRule),
    reliableDeterioration: z.strictObject({ enabled: z.boolean(), severity: FlagSeverity }),
  })
  .superRefine((config, ctx) => {
    config.itemRules.forEach((rule, i) => checkItemRule(rule, ['itemRules', i], ctx));
    config.bandRules.forEach((rule, i) => checkBandRule(rule, ['bandRules', i], ctx));
    checkDuplicates(
      config.itemRules.map((r) => `${r.instrumentId} item ${r.linkId}`),
      'itemRules',
      ctx,
    );
    checkDuplicates(
      config.bandRules.map((r) => r.instrumentId),
      'bandRules',
      ctx,
    );
  });
export type RiskRuleConfig = z.infer<typeof RiskRuleConfig>;

export const defaultRiskRuleConfig: RiskRuleConfig = {
  itemRules: [
    // PHQ-9 item 9: any thoughts of being better off dead or of self-harm; more than "several days" is urgent.
    { instrumentId: 'phq-9', linkId: '9', reasonCode: 'suicidal-thoughts', riskAt: 1, urgentAt: 2 },
    // MADRS-S item 9 (zest for life): from rating 4 the anchors describe wishes to die and suicidal thoughts.
    { instrumentId: 'madrs-s', linkId: '9', reasonCode: 'suicidal-thoughts', riskAt: null, urgentAt: 4 },
  ],
  bandRules: [
    { instrumentId: 'phq-9', bandIds: ['severe'], severity: 'risk' },
    { instrumentId: 'gad-7', bandIds: ['severe'], severity: 'risk' },
    { instrumentId: 'madrs-s', bandIds: ['severe'], severity: 'risk' },
  ],
  reliableDeterioration: { enabled: true, severity: 'risk' },
};

export interface RiskInput {
  definition: InstrumentDefinition;
  scored: ScoredResponse;
  responseId?: string;
  /** The patient's baseline total on this instrument; absent or null when this is the baseline. */
  baselineTotal?: number | null;
}

/** The flags a scored response should raise under `config`, in rule order. */
export function proposeFlags(
  input: RiskInput,
  config: RiskRuleConfig = defaultRiskRuleConfig,
): FlagProposal[] {
  const { definition: def, scored, responseId } = input;
  if (scored.instrumentId !== def.id) {
    throw new Error(`a ${scored.instrumentId} response was checked against ${def.id} rules`);
  }
  const source = (linkId?: string): FlagSource => ({
    kind: 'questionnaire',
    instrumentId: def.id,
    ...(responseId !== undefined && { responseId }),
    ...(linkId !== undefined && { linkId }),
  });
  const proposals: FlagProposal[] = [];

  for (const rule of config.itemRules) {
    const value = rule.instrumentId === def.id ? scored.itemScores[rule.linkId] : undefined;
    if (value === undefined) continue;
    const hit =
      rule.urgentAt !== null && value >= rule.urgentAt
        ? { severity: 'urgent' as const, threshold: rule.urgentAt }
        : rule.riskAt !== null && value >= rule.riskAt
          ? { severity: 'risk' as const, threshold: rule.riskAt }
          : null;
    if (hit) {
      proposals.push({
        reasonCode: rule.reasonCode,
        severity: hit.severity,
        source: source(rule.linkId),
        details: { linkId: rule.linkId, value, threshold: hit.threshold },
      });
    }
  }

  const bandRule = config.bandRules.find((r) => r.instrumentId === def.id);
  const band = def.bands.find((b) => b.id === scored.band);
  if (bandRule && band && bandRule.bandIds.includes(band.id)) {
    proposals.push({
      reasonCode: RISK_REASON.severeBand,
      severity: bandRule.severity,
      source: source(),
      details: { band: band.id, value: scored.total, threshold: band.min },
    });
  }

  const baselineTotal = input.baselineTotal ?? null;
  if (config.reliableDeterioration.enabled && baselineTotal !== null) {
    const { change, reliableDeterioration } = classifyChange(def, baselineTotal, scored.total);
    if (reliableDeterioration) {
      proposals.push({
        reasonCode: RISK_REASON.reliableDeterioration,
        severity: config.reliableDeterioration.severity,
        source: source(),
        details: {
          value: scored.total,
          baseline: baselineTotal,
          change,
          threshold: def.reliableChange.threshold,
        },
      });
    }
  }
  return proposals;
}
