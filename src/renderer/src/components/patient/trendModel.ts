import {
  analyseChange,
  type ChangePoint,
  type ChangeSummary,
  getInstrument,
  type InstrumentDefinition,
  isFollowUpWeek,
  PROGRAMME_INSTRUMENTS,
} from '../../../../shared/clinical';
import type { Programme, QuestionnaireResponse } from '../../../../shared/contracts/domain';
import type { ScoreSeries } from '../../../../shared/contracts/ipc';

/**
 * What the symptom trend shows for each instrument of a programme, from the patient's scores and
 * answers: the change rules are the shared ones (analyseChange), never re-declared here.
 */

export interface RiskAnswer {
  linkId: string;
  value: number;
}

export interface TrendPoint extends ChangePoint {
  /** The follow-up after the end (week FOLLOW_UP_WEEK): shown as "follow-up", never as a week number. */
  followUp: boolean;
  /** linkId -> answer; null if the response is not at hand. */
  answers: Record<string, number> | null;
  /** The instrument's suicidal-thoughts items answered above their lowest value. */
  riskAnswers: RiskAnswer[];
}

export interface InstrumentTrend {
  definition: InstrumentDefinition;
  change: ChangeSummary;
  points: TrendPoint[];
}

/**
 * The enrolment the trend is about: the one of the newest response to the programme's
 * questionnaires. A patient enrolled before has older responses too, and a week of one course is
 * not a week of the other.
 */
function currentEnrolmentId(
  responses: readonly QuestionnaireResponse[],
  instrumentIds: readonly string[],
): string | null {
  let newest: QuestionnaireResponse | null = null;
  for (const r of responses) {
    if (instrumentIds.includes(r.instrumentId) && (!newest || r.submittedAt > newest.submittedAt)) newest = r;
  }
  return newest?.enrolmentId ?? null;
}

export function buildTrends(
  programme: Programme,
  scoreSeries: readonly ScoreSeries[],
  responses: readonly QuestionnaireResponse[],
): InstrumentTrend[] {
  const instrumentIds = PROGRAMME_INSTRUMENTS[programme];
  const byId = new Map(responses.map((r) => [r.id, r]));
  const enrolmentId = currentEnrolmentId(responses, instrumentIds);
  return instrumentIds.map((instrumentId) => {
    const definition = getInstrument(instrumentId)!;
    const series = scoreSeries.find((s) => s.instrumentId === instrumentId)?.points ?? [];
    const change = analyseChange(
      definition,
      series
        .filter((p) => byId.get(p.responseId)?.enrolmentId === enrolmentId)
        .map((p) => ({ week: p.week, total: p.total, at: p.submittedAt, responseId: p.responseId })),
    );
    const points = change.points.map((point) => {
      const answers = (point.responseId && byId.get(point.responseId)?.answers) || null;
      const riskAnswers = definition.riskItems.flatMap((linkId) => {
        const item = definition.items.find((it) => it.linkId === linkId);
        const value = answers?.[linkId];
        return item && value !== undefined && value > item.min ? [{ linkId, value }] : [];
      });
      return { ...point, followUp: isFollowUpWeek(point.week), answers, riskAnswers };
    });
    return { definition, change, points };
  });
}

/** Where a band's shading starts and ends on the score axis: bands are contiguous integer ranges. */
export function bandEdges(definition: InstrumentDefinition): { id: string; from: number; to: number }[] {
  return definition.bands.map((band, i) => ({
    id: band.id,
    from: band.min,
    to: definition.bands[i + 1]?.min ?? definition.max,
  }));
}
