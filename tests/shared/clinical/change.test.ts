import { describe, expect, it } from 'vitest';
import {
  analyseChange,
  classifyChange,
  gad7,
  lsasSr,
  madrsS,
  pdssSr,
  phq9,
  type ChangeStatus,
  type InstrumentDefinition,
} from '@shared/clinical';

const cases: { def: InstrumentDefinition; baseline: number; total: number; status: ChangeStatus }[] = [
  // PHQ-9: caseness 10, reliable change 6.
  { def: phq9, baseline: 18, total: 15, status: 'no-reliable-change' },
  { def: phq9, baseline: 18, total: 12, status: 'reliable-improvement' },
  { def: phq9, baseline: 18, total: 10, status: 'reliable-improvement' },
  { def: phq9, baseline: 18, total: 9, status: 'reliable-recovery' },
  { def: phq9, baseline: 12, total: 9, status: 'recovery' },
  { def: phq9, baseline: 10, total: 9, status: 'recovery' },
  { def: phq9, baseline: 9, total: 3, status: 'reliable-improvement' },
  { def: phq9, baseline: 9, total: 4, status: 'no-reliable-change' },
  { def: phq9, baseline: 10, total: 16, status: 'reliable-deterioration' },
  { def: phq9, baseline: 10, total: 15, status: 'no-reliable-change' },
  { def: phq9, baseline: 4, total: 10, status: 'reliable-deterioration' },
  { def: phq9, baseline: 0, total: 6, status: 'reliable-deterioration' },
  { def: phq9, baseline: 0, total: 5, status: 'no-reliable-change' },
  { def: gad7, baseline: 0, total: 4, status: 'reliable-deterioration' },
  { def: phq9, baseline: 27, total: 27, status: 'no-reliable-change' },
  // GAD-7: caseness 8, reliable change 4.
  { def: gad7, baseline: 11, total: 7, status: 'reliable-recovery' },
  { def: gad7, baseline: 11, total: 8, status: 'no-reliable-change' },
  { def: gad7, baseline: 8, total: 7, status: 'recovery' },
  { def: gad7, baseline: 12, total: 8, status: 'reliable-improvement' },
  { def: gad7, baseline: 3, total: 7, status: 'reliable-deterioration' },
  { def: gad7, baseline: 3, total: 6, status: 'no-reliable-change' },
  // MADRS-S: caseness 13, reliable change 6.65.
  { def: madrsS, baseline: 20, total: 13, status: 'reliable-improvement' },
  { def: madrsS, baseline: 20, total: 12, status: 'reliable-recovery' },
  { def: madrsS, baseline: 18, total: 12, status: 'recovery' },
  { def: madrsS, baseline: 20, total: 27, status: 'reliable-deterioration' },
  { def: madrsS, baseline: 20, total: 26, status: 'no-reliable-change' },
  // PDSS-SR: caseness 8, reliable change 3.53.
  { def: pdssSr, baseline: 11, total: 7, status: 'reliable-recovery' },
  { def: pdssSr, baseline: 10, total: 7, status: 'recovery' },
  { def: pdssSr, baseline: 12, total: 8, status: 'reliable-improvement' },
  { def: pdssSr, baseline: 8, total: 12, status: 'reliable-deterioration' },
  { def: pdssSr, baseline: 8, total: 11, status: 'no-reliable-change' },
  // LSAS-SR: caseness 30, reliable change 14.88.
  { def: lsasSr, baseline: 44, total: 29, status: 'reliable-recovery' },
  { def: lsasSr, baseline: 43, total: 29, status: 'recovery' },
  { def: lsasSr, baseline: 75, total: 60, status: 'reliable-improvement' },
  { def: lsasSr, baseline: 60, total: 75, status: 'reliable-deterioration' },
  { def: lsasSr, baseline: 60, total: 74, status: 'no-reliable-change' },
];

describe('change classification', () => {
  it.each(cases)('$def.id $baseline -> $total is $status', ({ def, baseline, total, status }) => {
    const summary = analyseChange(def, [
      { week: 0, total: baseline },
      { week: 1, total },
    ]);
    expect(summary.latest?.status).toBe(status);
    const c = classifyChange(def, baseline, total);
    expect(c.change).toBe(total - baseline);
    expect(c.reliableDeterioration).toBe(status === 'reliable-deterioration');
    expect(c.reliableRecovery).toBe(status === 'reliable-recovery');
    expect(c.recovery).toBe(status === 'recovery' || status === 'reliable-recovery');
    expect(c.reliableImprovement).toBe(status === 'reliable-improvement' || status === 'reliable-recovery');
  });
});

describe('analyseChange over a course', () => {
  const course = [
    { week: 3, total: 19, at: '2026-02-20T10:00:00+01:00' },
    { week: 0, total: 16, responseId: 'intake' },
    { week: 1, total: 22 },
    { week: 2, total: 18 },
    { week: 4, total: 9 },
  ];
  const summary = analyseChange(phq9, course);

  it('orders by week and takes the earliest as baseline', () => {
    expect(summary.points.map((p) => p.week)).toEqual([0, 1, 2, 3, 4]);
    expect(summary.baseline).toMatchObject({
      week: 0,
      total: 16,
      responseId: 'intake',
      status: 'baseline',
      change: 0,
    });
    expect(summary.baselineCaseness).toBe(true);
  });

  it('classifies each point against the baseline and the previous point', () => {
    expect(summary.points.map((p) => [p.status, p.change, p.changeFromPrevious, p.band])).toEqual([
      ['baseline', 0, null, 'moderately-severe'],
      ['reliable-deterioration', 6, 6, 'severe'],
      ['no-reliable-change', 2, -4, 'moderately-severe'],
      ['no-reliable-change', 3, 1, 'moderately-severe'],
      ['reliable-recovery', -7, -10, 'mild'],
    ]);
    expect(summary.points[3]?.at).toBe('2026-02-20T10:00:00+01:00');
  });

  it('summarises the latest point and remembers an earlier deterioration', () => {
    expect(summary.latest).toMatchObject({ week: 4, total: 9, caseness: false, reliableRecovery: true });
    expect(summary.everReliablyDeteriorated).toBe(true);
    expect(summary.reliableChangeThreshold).toBe(6);
    expect(summary.instrumentId).toBe('phq-9');
  });

  it('keeps input order for points in the same week', () => {
    const tied = analyseChange(gad7, [
      { week: 0, total: 12, responseId: 'a' },
      { week: 0, total: 10, responseId: 'b' },
    ]);
    expect(tied.points.map((p) => p.responseId)).toEqual(['a', 'b']);
    expect(tied.latest?.change).toBe(-2);
  });

  it('handles an empty series and a lone baseline', () => {
    expect(analyseChange(phq9, [])).toEqual({
      instrumentId: 'phq-9',
      reliableChangeThreshold: 6,
      baselineCaseness: null,
      baseline: null,
      points: [],
      latest: null,
      everReliablyDeteriorated: false,
    });
    const lone = analyseChange(phq9, [{ week: 0, total: 5 }]);
    expect(lone.latest?.status).toBe('baseline');
    expect(lone.baselineCaseness).toBe(false);
  });

  it.each([
    { point: { week: 1, total: 28 }, message: /outside 0-27/ },
    { point: { week: 1, total: -1 }, message: /outside 0-27/ },
    { point: { week: 1, total: 4.5 }, message: /outside 0-27/ },
    { point: { week: -1, total: 4 }, message: /not a programme week/ },
    { point: { week: 1.5, total: 4 }, message: /not a programme week/ },
  ])('throws on an impossible point $point', ({ point, message }) => {
    expect(() => analyseChange(phq9, [{ week: 0, total: 10 }, point])).toThrow(message);
  });
});
