import { bandFor, isCase } from './scoring';
import type { InstrumentDefinition } from './instruments/types';

/**
 * Change over a course of weekly totals, in the terms routine-outcome services report
 * (Jacobson & Truax 1991; NHS Talking Therapies): reliable improvement and deterioration,
 * recovery (a case at baseline, not a case now) and reliable recovery (both).
 */

export interface SeriesPoint {
  /** Programme week; 0 is the intake baseline. */
  week: number;
  total: number;
  /** When it was submitted (ISO instant), carried through for display. */
  at?: string;
  responseId?: string;
}

export type ChangeStatus =
  | 'baseline'
  | 'reliable-recovery'
  | 'recovery'
  | 'reliable-improvement'
  | 'reliable-deterioration'
  | 'no-reliable-change';

export interface ChangePoint extends SeriesPoint {
  band: string;
  caseness: boolean;
  /** total - baseline total: negative is better. */
  change: number;
  /** total - previous point's total; null for the baseline. */
  changeFromPrevious: number | null;
  reliableImprovement: boolean;
  reliableDeterioration: boolean;
  recovery: boolean;
  reliableRecovery: boolean;
  status: ChangeStatus;
}

export interface ChangeSummary {
  instrumentId: string;
  reliableChangeThreshold: number;
  /** Recovery can only happen from a baseline at or above caseness. */
  baselineCaseness: boolean | null;
  baseline: ChangePoint | null;
  points: ChangePoint[];
  latest: ChangePoint | null;
  /** Whether any point so far was a reliable deterioration, which a latest improvement can hide. */
  everReliablyDeteriorated: boolean;
}

function status(p: Omit<ChangePoint, 'status'>): ChangeStatus {
  if (p.reliableDeterioration) return 'reliable-deterioration';
  if (p.reliableRecovery) return 'reliable-recovery';
  if (p.recovery) return 'recovery';
  if (p.reliableImprovement) return 'reliable-improvement';
  return 'no-reliable-change';
}

/** Classifies one total against a baseline total. */
export function classifyChange(def: InstrumentDefinition, baselineTotal: number, total: number) {
  const change = total - baselineTotal;
  const threshold = def.reliableChange.threshold;
  const reliableImprovement = -change >= threshold;
  const reliableDeterioration = change >= threshold;
  const recovery = isCase(def, baselineTotal) && !isCase(def, total);
  return {
    change,
    reliableImprovement,
    reliableDeterioration,
    recovery,
    reliableRecovery: recovery && reliableImprovement,
  };
}

function checkPoint(def: InstrumentDefinition, p: SeriesPoint): void {
  if (!Number.isInteger(p.week) || p.week < 0) throw new RangeError(`week ${p.week} is not a programme week`);
  if (!Number.isInteger(p.total) || p.total < def.min || p.total > def.max) {
    throw new RangeError(`${def.id}: total ${p.total} (week ${p.week}) is outside ${def.min}-${def.max}`);
  }
}

/**
 * Analyses a series of totals for one instrument. Points are ordered by week (input order breaks
 * ties); the earliest is the baseline. Totals come from `scoreResponse`, so an impossible one is
 * a bug and throws.
 */
export function analyseChange(def: InstrumentDefinition, series: readonly SeriesPoint[]): ChangeSummary {
  series.forEach((p) => checkPoint(def, p));
  const ordered = [...series].sort((a, b) => a.week - b.week);
  const summary = {
    instrumentId: def.id,
    reliableChangeThreshold: def.reliableChange.threshold,
  };
  const [first] = ordered;
  if (!first) {
    return {
      ...summary,
      baselineCaseness: null,
      baseline: null,
      points: [],
      latest: null,
      everReliablyDeteriorated: false,
    };
  }
  const points: ChangePoint[] = ordered.map((p, i) => {
    const previous = ordered[i - 1];
    const point = {
      ...p,
      band: bandFor(def, p.total).id,
      caseness: isCase(def, p.total),
      ...classifyChange(def, first.total, p.total),
      changeFromPrevious: previous ? p.total - previous.total : null,
    };
    return { ...point, status: i === 0 ? 'baseline' : status(point) };
  });
  const baseline = points[0] ?? null;
  return {
    ...summary,
    baselineCaseness: isCase(def, first.total),
    baseline,
    points,
    latest: points.at(-1) ?? null,
    everReliablyDeteriorated: points.some((p) => p.reliableDeterioration),
  };
}
