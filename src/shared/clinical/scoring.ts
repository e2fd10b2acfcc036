import { z } from 'zod';
import type { InstrumentDefinition, SeverityBand } from './instruments/types';

/** Answers as submitted: linkId -> chosen answer value. Item-level checks are `scoreResponse`'s. */
export const Answers = z.record(z.string().min(1), z.number());
export type Answers = z.infer<typeof Answers>;

/** A strict schema for one instrument's complete answers, for request validation at the edge. */
export function answersSchemaFor(def: InstrumentDefinition) {
  return z.strictObject(
    Object.fromEntries(def.items.map((it) => [it.linkId, z.number().int().min(it.min).max(it.max)])),
  );
}

export type ScoreErrorCode = 'missing' | 'out-of-range' | 'not-integer' | 'unknown-item';

export interface ScoreError {
  linkId?: string;
  code: ScoreErrorCode;
  message: string;
}

export interface ScoredResponse {
  ok: true;
  instrumentId: string;
  total: number;
  band: string;
  caseness: boolean;
  itemScores: Record<string, number>;
  /** Subscale totals by subscale id (LSAS fear and avoidance); empty when there are none. */
  subscales: Record<string, number>;
}

export type ScoreResult = ScoredResponse | { ok: false; errors: ScoreError[] };

export function bandFor(def: InstrumentDefinition, total: number): SeverityBand {
  const band = def.bands.find((b) => total >= b.min && total <= b.max);
  if (!band) throw new RangeError(`${def.id}: total ${total} is outside ${def.min}-${def.max}`);
  return band;
}

export function isCase(def: InstrumentDefinition, total: number): boolean {
  return total >= def.caseness;
}

/** Scores a complete response; an incomplete or invalid one is refused with every reason at once. */
export function scoreResponse(
  def: InstrumentDefinition,
  answers: Readonly<Record<string, number>>,
): ScoreResult {
  const errors: ScoreError[] = [];
  const itemScores: Record<string, number> = {};
  for (const it of def.items) {
    const value = Object.hasOwn(answers, it.linkId) ? answers[it.linkId] : undefined;
    if (value === undefined) {
      errors.push({ linkId: it.linkId, code: 'missing', message: `item "${it.linkId}" is not answered` });
    } else if (!Number.isInteger(value)) {
      errors.push({
        linkId: it.linkId,
        code: 'not-integer',
        message: `item "${it.linkId}": ${value} is not a whole number`,
      });
    } else if (value < it.min || value > it.max) {
      errors.push({
        linkId: it.linkId,
        code: 'out-of-range',
        message: `item "${it.linkId}": ${value} is outside ${it.min}-${it.max}`,
      });
    } else {
      itemScores[it.linkId] = value;
    }
  }
  const known = new Set(def.items.map((it) => it.linkId));
  for (const linkId of Object.keys(answers)) {
    if (!known.has(linkId)) {
      errors.push({ linkId, code: 'unknown-item', message: `"${linkId}" is not an item of ${def.id}` });
    }
  }
  if (errors.length > 0) return { ok: false, errors };

  const total = Object.values(itemScores).reduce((sum, v) => sum + v, 0);
  const subscales = Object.fromEntries(
    def.subscales.map((s) => [s.id, s.linkIds.reduce((sum, linkId) => sum + (itemScores[linkId] ?? 0), 0)]),
  );
  return {
    ok: true,
    instrumentId: def.id,
    total,
    band: bandFor(def, total).id,
    caseness: isCase(def, total),
    itemScores,
    subscales,
  };
}
