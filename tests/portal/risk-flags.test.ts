import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { ProposedFlag } from '../../src/portal/care/assessment';
import { reopensAcknowledged } from '../../src/portal/care/flags';
import { coveringFlags, hitOf, type RaisedFlag, type UnresolvedFlag } from '../../src/portal/care/riskRules';
import type { FlagHit } from '../../src/shared/contracts/domain';

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

describe('whether a covered hit reopens an acknowledged flag', () => {
  const ACKNOWLEDGED_AT = new Date('2026-03-10T12:00:00Z');
  const hit = (value: number, at: string): FlagHit => ({
    responseId: randomUUID(),
    week: 5,
    value,
    severity: value >= 2 ? 'urgent' : 'risk',
    at,
  });
  const before = (value: number) => hit(value, '2026-03-09T18:00:00.000Z');
  const after = (value: number) => hit(value, '2026-03-16T18:00:00.000Z');
  const item9 = (over: Partial<UnresolvedFlag>): UnresolvedFlag => ({
    ...open('urgent', 'suicidal-thoughts', 'phq-9', '9'),
    id: randomUUID(),
    status: 'acknowledged',
    acknowledgedAt: ACKNOWLEDGED_AT,
    hits: [before(2)],
    ...over,
  });

  it('reopens on an answer above every answer the acknowledgement saw, not on one that came after it', () => {
    expect(reopensAcknowledged(item9({}), after(3))).toBe(true);
    expect(reopensAcknowledged(item9({}), after(2))).toBe(false);
    expect(reopensAcknowledged(item9({}), after(1))).toBe(false);
    // A peak of 3 before the acknowledgement, then 1: a later 3 was already acted on.
    expect(reopensAcknowledged(item9({ hits: [before(3), before(1)] }), after(3))).toBe(false);
    // Only what the acknowledgement saw counts: a 1 recorded after it, then a 2, is worse than the 1 before.
    expect(reopensAcknowledged(item9({ hits: [before(1), after(1)] }), after(2))).toBe(true);
  });

  it('never for an open flag, nor for a flag on a total (a band or a deterioration)', () => {
    expect(reopensAcknowledged(item9({ status: 'open', acknowledgedAt: null }), after(3))).toBe(false);
    const band: UnresolvedFlag = { ...item9({}), reasonCode: 'severe-band', linkId: null };
    expect(reopensAcknowledged(band, after(27))).toBe(false);
  });

  it('reopens on any answer when the flag records none from before its acknowledgement', () => {
    expect(reopensAcknowledged(item9({ hits: [] }), after(2))).toBe(true);
  });
});
