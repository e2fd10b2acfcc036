import { describe, expect, it } from 'vitest';
import {
  RiskRuleConfig,
  defaultRiskRuleConfig,
  gad7,
  lsasSr,
  madrsS,
  pdssSr,
  phq9,
  proposeFlags,
  scoreResponse,
  type InstrumentDefinition,
  type ScoredResponse,
} from '@shared/clinical';
import { allAt, answersForTotal } from './helpers';

function scored(def: InstrumentDefinition, answers: Record<string, number>): ScoredResponse {
  const result = scoreResponse(def, answers);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result;
}

/** All items at 0 except the ones given. */
function answers(def: InstrumentDefinition, set: Record<string, number>) {
  return { ...allAt(def, 'min'), ...set };
}

const summary = (def: InstrumentDefinition, a: Record<string, number>, baselineTotal?: number) =>
  proposeFlags({ definition: def, scored: scored(def, a), baselineTotal }).map((p) => [
    p.reasonCode,
    p.severity,
  ]);

describe('default risk rules', () => {
  it.each([
    { value: 0, expected: [] },
    { value: 1, expected: [['suicidal-thoughts', 'risk']] },
    { value: 2, expected: [['suicidal-thoughts', 'urgent']] },
    { value: 3, expected: [['suicidal-thoughts', 'urgent']] },
  ])('PHQ-9 item 9 at $value', ({ value, expected }) => {
    expect(summary(phq9, answers(phq9, { '9': value }))).toEqual(expected);
  });

  it.each([
    { value: 0, expected: [] },
    { value: 3, expected: [] },
    { value: 4, expected: [['suicidal-thoughts', 'urgent']] },
    { value: 5, expected: [['suicidal-thoughts', 'urgent']] },
    { value: 6, expected: [['suicidal-thoughts', 'urgent']] },
  ])('MADRS-S item 9 at $value', ({ value, expected }) => {
    expect(summary(madrsS, answers(madrsS, { '9': value }))).toEqual(expected);
  });

  it.each([
    { def: phq9, total: 19, expected: [] },
    { def: phq9, total: 20, expected: [['severe-band', 'risk']] },
    { def: gad7, total: 14, expected: [] },
    { def: gad7, total: 15, expected: [['severe-band', 'risk']] },
    { def: madrsS, total: 34, expected: [] },
    { def: madrsS, total: 35, expected: [['severe-band', 'risk']] },
    // Not flagged by default: most patients in these programmes start in the top band.
    { def: pdssSr, total: 28, expected: [] },
    { def: lsasSr, total: 144, expected: [] },
  ])('$def.id total $total (risk items at 0)', ({ def, total, expected }) => {
    const a = answersForTotal(def, total);
    // answersForTotal fills items in order, so the last item (the risk item) stays at 0 here.
    expect(def.riskItems.map((linkId) => a[linkId])).toEqual(def.riskItems.map(() => 0));
    expect(scored(def, a).total).toBe(total);
    expect(summary(def, a)).toEqual(expected);
  });

  it.each([
    // A baseline of 0 is a baseline: symptom-free at intake, then reliably worse.
    { def: phq9, baseline: 0, total: 6, expected: [['reliable-deterioration', 'risk']] },
    { def: phq9, baseline: 0, total: 5, expected: [] },
    { def: gad7, baseline: 0, total: 4, expected: [['reliable-deterioration', 'risk']] },
    { def: phq9, baseline: 5, total: 11, expected: [['reliable-deterioration', 'risk']] },
    { def: phq9, baseline: 5, total: 10, expected: [] },
    { def: gad7, baseline: 2, total: 6, expected: [['reliable-deterioration', 'risk']] },
    { def: gad7, baseline: 2, total: 5, expected: [] },
    { def: pdssSr, baseline: 10, total: 14, expected: [['reliable-deterioration', 'risk']] },
    { def: pdssSr, baseline: 10, total: 13, expected: [] },
    { def: lsasSr, baseline: 60, total: 75, expected: [['reliable-deterioration', 'risk']] },
    { def: lsasSr, baseline: 60, total: 74, expected: [] },
    { def: lsasSr, baseline: 90, total: 60, expected: [] },
  ])('$def.id from baseline $baseline to $total', ({ def, baseline, total, expected }) => {
    expect(summary(def, answersForTotal(def, total), baseline)).toEqual(expected);
  });

  it('raises every rule that applies, with the value and threshold for the explanation', () => {
    const response = scored(phq9, { ...allAt(phq9, 'max'), '9': 2, '1': 2 });
    expect(response.total).toBe(25);
    const flags = proposeFlags({
      definition: phq9,
      scored: response,
      responseId: 'resp-1',
      baselineTotal: 12,
    });
    expect(flags).toEqual([
      {
        reasonCode: 'suicidal-thoughts',
        severity: 'urgent',
        source: { kind: 'questionnaire', instrumentId: 'phq-9', responseId: 'resp-1', linkId: '9' },
        details: { linkId: '9', value: 2, threshold: 2 },
      },
      {
        reasonCode: 'severe-band',
        severity: 'risk',
        source: { kind: 'questionnaire', instrumentId: 'phq-9', responseId: 'resp-1' },
        details: { band: 'severe', value: 25, threshold: 20 },
      },
      {
        reasonCode: 'reliable-deterioration',
        severity: 'risk',
        source: { kind: 'questionnaire', instrumentId: 'phq-9', responseId: 'resp-1' },
        details: { value: 25, baseline: 12, change: 13, threshold: 6 },
      },
    ]);
  });

  it('a baseline response (no baseline total) cannot deteriorate', () => {
    expect(summary(phq9, answersForTotal(phq9, 18))).toEqual([]);
    expect(
      proposeFlags({
        definition: phq9,
        scored: scored(phq9, answersForTotal(phq9, 18)),
        baselineTotal: null,
      }),
    ).toEqual([]);
  });

  it('refuses to check a response against another instrument', () => {
    expect(() => proposeFlags({ definition: gad7, scored: scored(phq9, allAt(phq9, 'min')) })).toThrow(
      /phq-9.*gad-7/,
    );
  });
});

describe('clinic configuration', () => {
  it('the defaults are a valid config', () => {
    expect(RiskRuleConfig.parse(defaultRiskRuleConfig)).toEqual(defaultRiskRuleConfig);
  });

  it('a clinic can make PHQ-9 item 9 urgent only at 3, flag MADRS-S from 3, add PDSS-SR bands and turn deterioration off', () => {
    const config = RiskRuleConfig.parse({
      itemRules: [
        { instrumentId: 'phq-9', linkId: '9', reasonCode: 'suicidal-thoughts', riskAt: 1, urgentAt: 3 },
        { instrumentId: 'madrs-s', linkId: '9', reasonCode: 'suicidal-thoughts', riskAt: 3, urgentAt: 4 },
      ],
      bandRules: [{ instrumentId: 'pdss-sr', bandIds: ['markedly-ill'], severity: 'risk' }],
      reliableDeterioration: { enabled: false, severity: 'risk' },
    });
    const run = (def: InstrumentDefinition, a: Record<string, number>, baselineTotal?: number) =>
      proposeFlags({ definition: def, scored: scored(def, a), baselineTotal }, config).map((p) => [
        p.reasonCode,
        p.severity,
      ]);
    expect(run(phq9, answers(phq9, { '9': 2 }))).toEqual([['suicidal-thoughts', 'risk']]);
    expect(run(phq9, answers(phq9, { '9': 3 }))).toEqual([['suicidal-thoughts', 'urgent']]);
    expect(run(madrsS, answers(madrsS, { '9': 3 }))).toEqual([['suicidal-thoughts', 'risk']]);
    expect(run(pdssSr, answersForTotal(pdssSr, 14))).toEqual([['severe-band', 'risk']]);
    expect(run(pdssSr, answersForTotal(pdssSr, 13))).toEqual([]);
    expect(run(phq9, answersForTotal(phq9, 19), 0)).toEqual([]);
  });

  const valid = defaultRiskRuleConfig;
  const rule = {
    instrumentId: 'phq-9',
    linkId: '9',
    reasonCode: 'suicidal-thoughts',
    riskAt: 1,
    urgentAt: 2,
  };
  it.each([
    {
      name: 'an unknown instrument',
      patch: { itemRules: [{ ...rule, instrumentId: 'bdi' }] },
      message: 'unknown instrument "bdi"',
    },
    {
      name: 'an unknown item',
      patch: { itemRules: [{ ...rule, linkId: '10' }] },
      message: '"10" is not an item of phq-9',
    },
    {
      name: 'a threshold at the item minimum',
      patch: { itemRules: [{ ...rule, riskAt: 0 }] },
      message: 'riskAt 0 must be within 1-3',
    },
    {
      name: 'a threshold above the item maximum',
      patch: { itemRules: [{ ...rule, urgentAt: 4 }] },
      message: 'urgentAt 4 must be within 1-3',
    },
    {
      name: 'risk not below urgent',
      patch: { itemRules: [{ ...rule, riskAt: 2 }] },
      message: 'riskAt must be below urgentAt',
    },
    {
      name: 'a rule with no threshold',
      patch: { itemRules: [{ ...rule, riskAt: null, urgentAt: null }] },
      message: 'needs riskAt, urgentAt or both',
    },
    {
      name: 'two rules for one item',
      patch: { itemRules: [rule, rule] },
      message: 'a second rule for phq-9 item 9',
    },
    {
      name: 'an unknown band',
      patch: { bandRules: [{ instrumentId: 'gad-7', bandIds: ['moderately-severe'], severity: 'risk' }] },
      message: '"moderately-severe" is not a band of gad-7',
    },
    {
      name: 'two band rules for one instrument',
      patch: {
        bandRules: [
          { instrumentId: 'gad-7', bandIds: ['severe'], severity: 'risk' },
          { instrumentId: 'gad-7', bandIds: ['moderate'], severity: 'risk' },
        ],
      },
      message: 'a second rule for gad-7',
    },
    {
      name: 'an unknown severity',
      patch: { reliableDeterioration: { enabled: true, severity: 'critical' } },
      message: '',
    },
    { name: 'an unknown key', patch: { emergency: true }, message: '' },
    { name: 'a fractional threshold', patch: { itemRules: [{ ...rule, riskAt: 1.5 }] }, message: '' },
  ])('rejects $name', ({ patch, message }) => {
    const result = RiskRuleConfig.safeParse({ ...valid, ...patch });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.message).join('\n')).toContain(message);
  });
});
