import { describe, expect, it } from 'vitest';
import type { ProposedFlag } from '../../src/portal/care/assessment';
import { flagsToRaise, type RaisedFlag } from '../../src/portal/care/riskRules';

const proposed = (
  severity: 'risk' | 'urgent',
  reasonCode: string,
  instrumentId = 'phq-9',
  linkId: string | null = null,
): ProposedFlag => ({
  severity,
  reasonCode,
  source: { kind: 'questionnaire', instrumentId, responseId: 'r', linkId },
  details: {},
});
const open = (
  severity: 'risk' | 'urgent',
  reasonCode: string,
  instrumentId = 'phq-9',
  linkId: string | null = null,
): RaisedFlag => ({
  severity,
  reasonCode,
  instrumentId,
  linkId,
});

describe('which proposed flags are raised', () => {
  it('skips a hit an unresolved flag of the same rule and instrument covers', () => {
    expect(flagsToRaise([proposed('risk', 'severe-band')], [open('risk', 'severe-band')])).toEqual([]);
    expect(
      flagsToRaise(
        [proposed('risk', 'suicidal-thoughts', 'phq-9', '9')],
        [open('urgent', 'suicidal-thoughts', 'phq-9', '9')],
      ),
    ).toEqual([]);
  });

  it('raises a more severe hit, and hits of another rule, item or instrument', () => {
    const urgent = proposed('urgent', 'suicidal-thoughts', 'phq-9', '9');
    expect(flagsToRaise([urgent], [open('risk', 'suicidal-thoughts', 'phq-9', '9')])).toEqual([urgent]);
    const severe = proposed('risk', 'severe-band', 'madrs-s');
    expect(
      flagsToRaise(
        [severe],
        [open('risk', 'severe-band', 'phq-9'), open('risk', 'reliable-deterioration', 'madrs-s')],
      ),
    ).toEqual([severe]);
    const item = proposed('risk', 'suicidal-thoughts', 'phq-9', '9');
    expect(flagsToRaise([item], [open('risk', 'suicidal-thoughts', 'phq-9', '8')])).toEqual([item]);
  });
});
