import type { InstrumentDefinition } from '@shared/clinical';

/** Answers that add up to `total`, filling items in order. */
export function answersForTotal(def: InstrumentDefinition, total: number): Record<string, number> {
  let rest = total - def.min;
  const answers: Record<string, number> = {};
  for (const it of def.items) {
    const value = Math.min(it.max, it.min + rest);
    answers[it.linkId] = value;
    rest -= value - it.min;
  }
  return answers;
}

export function allAt(def: InstrumentDefinition, pick: 'min' | 'max'): Record<string, number> {
  return Object.fromEntries(def.items.map((it) => [it.linkId, it[pick]]));
}
