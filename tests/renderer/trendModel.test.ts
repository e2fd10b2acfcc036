import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { FOLLOW_UP_WEEK, instruments, PROGRAMME_WEEKS } from '../../src/shared/clinical';
import type { QuestionnaireResponse } from '../../src/shared/contracts/domain';
import type { ScoreSeries } from '../../src/shared/contracts/ipc';
import { bandEdges, buildTrends } from '../../src/renderer/src/components/patient/trendModel';

const ENROLMENT = randomUUID();

/** Answers of an instrument with item 1-n filled up to `total`, the risk item set apart. */
function answersFor(instrumentId: 'phq-9' | 'madrs-s', total: number, riskItem = 0): Record<string, number> {
  const def = instruments[instrumentId];
  const answers: Record<string, number> = {};
  let left = total - riskItem;
  for (const item of def.items) {
    if (item.linkId === '9') continue;
    answers[item.linkId] = Math.min(item.max, left);
    left -= answers[item.linkId]!;
  }
  answers['9'] = riskItem;
  return answers;
}

function response(
  instrumentId: 'phq-9' | 'madrs-s',
  week: number,
  total: number,
  riskItem = 0,
  enrolmentId = ENROLMENT,
): QuestionnaireResponse {
  const at = new Date(Date.UTC(2026, 0, 1 + week * 7)).toISOString();
  return {
    id: randomUUID(),
    patientId: randomUUID(),
    enrolmentId,
    instrumentId,
    week,
    answers: answersFor(instrumentId, total, riskItem),
    total,
    band: '',
    submittedAt: at,
    updatedAt: at,
  };
}

/** The series the workstation derives from the responses (views/patient-detail.ts). */
function seriesOf(responses: QuestionnaireResponse[]): ScoreSeries[] {
  const ids = [...new Set(responses.map((r) => r.instrumentId))];
  return ids.map((instrumentId) => ({
    instrumentId,
    points: responses
      .filter((r) => r.instrumentId === instrumentId)
      .map((r) => ({
        responseId: r.id,
        week: r.week,
        total: r.total,
        band: r.band,
        submittedAt: r.submittedAt,
      })),
  }));
}

describe('the symptom trend of a depression patient', () => {
  // PHQ-9 (Kroenke 2001; NHS Talking Therapies): caseness 10, reliable change 6 points.
  const phq9 = [
    response('phq-9', 0, 17),
    response('phq-9', 2, 12),
    response('phq-9', 3, 11, 1),
    response('phq-9', 5, 9),
    response('phq-9', 6, 23, 2),
  ];
  const madrs = [response('madrs-s', 0, 24), response('madrs-s', 2, 20)];
  const [phq, madrsTrend] = buildTrends('depression', seriesOf([...phq9, ...madrs]), [...phq9, ...madrs]);

  it("has one trend per instrument of the programme, in the programme's order", () => {
    expect([phq!.definition.id, madrsTrend!.definition.id]).toEqual(['phq-9', 'madrs-s']);
  });

  it('marks reliable improvement and deterioration against the baseline by the published threshold', () => {
    expect(phq!.change.baseline).toMatchObject({ week: 0, total: 17, band: 'moderately-severe' });
    expect(
      phq!.points.map((p) => [p.week, p.change, p.reliableImprovement, p.reliableDeterioration, p.status]),
    ).toEqual([
      [0, 0, false, false, 'baseline'],
      [2, -5, false, false, 'no-reliable-change'],
      [3, -6, true, false, 'reliable-improvement'],
      [5, -8, true, false, 'reliable-recovery'],
      [6, 6, false, true, 'reliable-deterioration'],
    ]);
  });

  it('marks the weeks where the suicidal item was above 0, with the answer', () => {
    expect(phq!.points.map((p) => [p.week, p.riskAnswers])).toEqual([
      [0, []],
      [2, []],
      [3, [{ linkId: '9', value: 1 }]],
      [5, []],
      [6, [{ linkId: '9', value: 2 }]],
    ]);
  });

  it("keeps each week's item answers for the point", () => {
    expect(phq!.points[2]!.answers).toEqual(phq9[2]!.answers);
    expect(madrsTrend!.points.map((p) => p.total)).toEqual([24, 20]);
  });

  it("leaves out an earlier enrolment's responses", () => {
    const earlier = [response('phq-9', 0, 5, 0, randomUUID()), response('phq-9', 1, 4, 0, randomUUID())];
    earlier.forEach((r) => (r.submittedAt = '2025-01-01T00:00:00.000Z'));
    const all = [...earlier, ...phq9];
    const [again] = buildTrends('depression', seriesOf(all), all);
    expect(again!.points.map((p) => p.total)).toEqual([17, 12, 11, 9, 23]);
  });

  it('is empty for an instrument without responses', () => {
    const [, empty] = buildTrends('depression', seriesOf(phq9), phq9);
    expect(empty!.points).toEqual([]);
    expect(empty!.change.baseline).toBeNull();
  });
});

describe('the follow-up after the end', () => {
  // A completed depression programme, answered again three months after week 14 (week 15).
  const course = [
    response('phq-9', 0, 17),
    response('phq-9', 7, 12),
    response('phq-9', PROGRAMME_WEEKS, 8),
    response('phq-9', FOLLOW_UP_WEEK, 11, 1),
  ];
  const [phq] = buildTrends('depression', seriesOf(course), course);

  it('comes last, after week 14, and is told apart from the weeks', () => {
    expect(phq!.points.map((p) => [p.week, p.followUp])).toEqual([
      [0, false],
      [7, false],
      [PROGRAMME_WEEKS, false],
      [FOLLOW_UP_WEEK, true],
    ]);
    expect(phq!.change.latest).toMatchObject({ week: FOLLOW_UP_WEEK, total: 11 });
  });

  it('is judged against the baseline by the same change rules as a week', () => {
    // PHQ-9: reliable change 6 points, caseness 10. 17 -> 8 is reliable recovery; 17 -> 11 at the
    // follow-up is a reliable improvement, but back above caseness: not a recovery.
    expect(phq!.points.map((p) => [p.week, p.change, p.status])).toEqual([
      [0, 0, 'baseline'],
      [7, -5, 'no-reliable-change'],
      [PROGRAMME_WEEKS, -9, 'reliable-recovery'],
      [FOLLOW_UP_WEEK, -6, 'reliable-improvement'],
    ]);
  });

  it("keeps the follow-up's answers and marks its suicidal-item answer", () => {
    expect(phq!.points.at(-1)!.answers).toEqual(course[3]!.answers);
    expect(phq!.points.at(-1)!.riskAnswers).toEqual([{ linkId: '9', value: 1 }]);
  });
});

describe('band shading', () => {
  it('covers the whole score range without gaps, edge to edge', () => {
    for (const def of Object.values(instruments)) {
      const edges = bandEdges(def);
      expect(edges[0]!.from).toBe(def.min);
      expect(edges.at(-1)!.to).toBe(def.max);
      edges.slice(1).forEach((edge, i) => expect(edge.from).toBe(edges[i]!.to));
    }
    expect(bandEdges(instruments['phq-9']).map((e) => [e.from, e.to])).toEqual([
      [0, 5],
      [5, 10],
      [10, 15],
      [15, 20],
      [20, 27],
    ]);
  });
});
