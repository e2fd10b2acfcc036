import { describe, expect, it } from 'vitest';
import type { ProposedFlag } from '../../src/portal/care/assessment';
import { coveringFlags, hitOf, type RaisedFlag } from '../../src/portal/care/riskRules';

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

describe('which unresolved flags cover a proposed hit (it is recorded there, no new flag is raised)', () => {
  it('an unresolved flag of the same rule and instrument at the same or a higher severity', () => {
    const sameBand = open('risk', 'severe-band');
    expect(coveringFlags(proposed('risk', 'severe-band'), [sameBand])).toEqual([sameBand]);
    const urgentItem = open('urgent', 'suicidal-thoughts', 'phq-9', '9');
    expect(coveringFlags(proposed('risk', 'suicidal-thoughts', 'phq-9', '9'), [urgentItem])).toEqual([
      urgentItem,
    ]);
  });

  it('none for a more severe hit, or a hit of another rule, item or instrument: those raise a flag', () => {
    const urgent = proposed('urgent', 'suicidal-thoughts', 'phq-9', '9');
    expect(coveringFlags(urgent, [open('risk', 'suicidal-thoughts', 'phq-9', '9')])).toEqual([]);
    expect(
      coveringFlags(proposed('risk', 'severe-band', 'madrs-s'), [
        open('risk', 'severe-band', 'phq-9'),
        open('risk', 'reliable-deterioration', 'madrs-s'),
      ]),
    ).toEqual([]);
    expect(
      coveringFlags(proposed('risk', 'suicidal-thoughts', 'phq-9', '9'), [
        open('risk', 'suicidal-thoughts', 'phq-9', '8'),
      ]),
    ).toEqual([]);
  });
});

describe('the hit a proposed flag records', () => {
  it('is the answer or total that met the rule, with the response, week, severity and time', () => {
    const flag = {
      ...proposed('urgent', 'suicidal-thoughts', 'phq-9', '9'),
      details: { value: 3, threshold: 2 },
    };
    expect(hitOf(flag, 6, '2026-03-02T09:15:00.000Z')).toEqual({
      responseId: 'r',
      week: 6,
      value: 3,
      severity: 'urgent',
      at: '2026-03-02T09:15:00.000Z',
    });
    expect(() => hitOf(proposed('risk', 'severe-band'), 6, '2026-03-02T09:15:00.000Z')).toThrow(/no value/);
  });
});
