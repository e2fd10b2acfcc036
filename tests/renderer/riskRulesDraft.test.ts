import { describe, expect, it } from 'vitest';
import {
  checkDraft,
  configOf,
  draftOf,
  type RiskRulesDraft,
} from '../../src/renderer/src/components/admin/riskRulesDraft';
import { defaultRiskRuleConfig } from '../../src/shared/clinical/risk';

/** The risk-rule form's draft: back to the config it came from, and refusals told at their field. */
describe('the risk-rule draft', () => {
  const withPhq9Item = (riskAt: string, urgentAt: string): RiskRulesDraft => {
    const draft = draftOf(defaultRiskRuleConfig);
    draft.items[0] = { ...draft.items[0]!, riskAt, urgentAt };
    return draft;
  };

  it('gives back the config it was made from', () => {
    expect(configOf(draftOf(defaultRiskRuleConfig))).toEqual(defaultRiskRuleConfig);
    expect(checkDraft(draftOf(defaultRiskRuleConfig))).toEqual({ ok: true, config: defaultRiskRuleConfig });
  });

  it('reads an empty field as no threshold at that level', () => {
    const checked = checkDraft(withPhq9Item('', '2'));
    expect(checked.ok && checked.config.itemRules[0]).toMatchObject({ riskAt: null, urgentAt: 2 });
  });

  it('puts a threshold outside the answer scale, or not a whole number, at its field with the scale', () => {
    // PHQ-9 answers run 0-3; at 0 every answer would raise a flag.
    for (const typed of ['0', '4', '1.5', 'to']) {
      const checked = checkDraft(withPhq9Item(typed, '3'));
      expect(checked.ok, typed).toBe(false);
      if (!checked.ok)
        expect([...checked.problems]).toEqual([['item-0-riskAt', { kind: 'range', min: 1, max: 3 }]]);
    }
    // MADRS-S runs 0-6.
    const draft = draftOf(defaultRiskRuleConfig);
    draft.items[1] = { ...draft.items[1]!, urgentAt: '7' };
    const checked = checkDraft(draft);
    expect(!checked.ok && [...checked.problems]).toEqual([
      ['item-1-urgentAt', { kind: 'range', min: 1, max: 6 }],
    ]);
  });

  it('puts a rule with no threshold, or risk not below urgent, at the rule', () => {
    const none = checkDraft(withPhq9Item('', ''));
    expect(!none.ok && [...none.problems]).toEqual([['item-0', { kind: 'none' }]]);
    const order = checkDraft(withPhq9Item('2', '2'));
    expect(!order.ok && [...order.problems]).toEqual([['item-0', { kind: 'order' }]]);
  });

  it('makes a band rule of each instrument with a chosen band, and none of one without', () => {
    const draft = draftOf(defaultRiskRuleConfig);
    draft.bands['gad-7'].bandIds = [];
    draft.bands['pdss-sr'] = { bandIds: ['markedly-ill'], severity: 'urgent' };
    const checked = checkDraft(draft);
    expect(checked.ok && checked.config.bandRules).toEqual([
      { instrumentId: 'phq-9', bandIds: ['severe'], severity: 'risk' },
      { instrumentId: 'madrs-s', bandIds: ['severe'], severity: 'risk' },
      { instrumentId: 'pdss-sr', bandIds: ['markedly-ill'], severity: 'urgent' },
    ]);
  });
});
