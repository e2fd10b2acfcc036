import { z } from 'zod';
import { isFollowUpWeek } from './calendar';

/**
 * Risk flags: what the rules propose, and the lifecycle a raised flag goes through. A flag stays
 * open until a clinician acknowledges it with a note saying what was done (called the patient,
 * referred to the local DPS...), and only an acknowledged flag can be resolved. The field names
 * match the synced `Flag` record, so these functions take and return that record as it is.
 */

export const FlagSeverity = z.enum(['risk', 'urgent']);
export type FlagSeverity = z.infer<typeof FlagSeverity>;

export type FlagStatus = 'open' | 'acknowledged' | 'resolved';

export type FlagSource =
  | { kind: 'questionnaire'; instrumentId: string; responseId?: string; linkId?: string }
  | { kind: 'clinician'; staffId: string };

export type FlagDetails = Record<string, string | number | null>;

export interface FlagProposal {
  /** Stable id of the rule, translated by the UI. */
  reasonCode: string;
  severity: FlagSeverity;
  source: FlagSource;
  /** The value that triggered the rule and the threshold it met, for the explanation. */
  details: FlagDetails;
}

const severityRank: Record<FlagSeverity, number> = { risk: 1, urgent: 2 };

export function highestSeverity(severities: Iterable<FlagSeverity>): FlagSeverity | null {
  let highest: FlagSeverity | null = null;
  for (const s of severities) if (highest === null || severityRank[s] > severityRank[highest]) highest = s;
  return highest;
}

export interface FlagLifecycle {
  status: FlagStatus;
  acknowledgedBy: string | null;
  acknowledgedAt: string | null;
  acknowledgeNote: string | null;
  resolvedBy: string | null;
  resolvedAt: string | null;
}

export const openFlagLifecycle: Readonly<FlagLifecycle> = {
  status: 'open',
  acknowledgedBy: null,
  acknowledgedAt: null,
  acknowledgeNote: null,
  resolvedBy: null,
  resolvedAt: null,
};

export type FlagTransitionErrorCode =
  | 'already-acknowledged'
  | 'already-resolved'
  | 'not-acknowledged'
  | 'empty-note'
  | 'missing-actor'
  | 'invalid-time';

export type FlagTransition<F> =
  { ok: true; flag: F } | { ok: false; error: { code: FlagTransitionErrorCode; message: string } };

function fail<F>(code: FlagTransitionErrorCode, message: string): FlagTransition<F> {
  return { ok: false, error: { code, message } };
}

function actorAndTime<F>(by: string, at: string): FlagTransition<F> | null {
  if (by.trim() === '') return fail('missing-actor', 'who did it is required');
  if (Number.isNaN(Date.parse(at))) return fail('invalid-time', `"${at}" is not an instant`);
  return null;
}

export function acknowledgeFlag<F extends FlagLifecycle>(
  flag: F,
  ack: { by: string; at: string; note: string },
): FlagTransition<F> {
  if (flag.status === 'acknowledged') return fail('already-acknowledged', 'the flag is already acknowledged');
  if (flag.status === 'resolved') return fail('already-resolved', 'the flag is already resolved');
  const note = ack.note.trim();
  if (note === '') return fail('empty-note', 'acknowledging a flag needs a note saying what was done');
  const invalid = actorAndTime<F>(ack.by, ack.at);
  if (invalid) return invalid;
  return {
    ok: true,
    flag: {
      ...flag,
      status: 'acknowledged',
      acknowledgedBy: ack.by,
      acknowledgedAt: ack.at,
      acknowledgeNote: note,
    },
  };
}

/** Resolving needs no note: the acknowledgement already says what was done. */
export function resolveFlag<F extends FlagLifecycle>(
  flag: F,
  res: { by: string; at: string },
): FlagTransition<F> {
  if (flag.status === 'open')
    return fail('not-acknowledged', 'a flag must be acknowledged before it is resolved');
  if (flag.status === 'resolved') return fail('already-resolved', 'the flag is already resolved');
  const invalid = actorAndTime<F>(res.by, res.at);
  if (invalid) return invalid;
  if (flag.acknowledgedAt !== null && Date.parse(res.at) < Date.parse(flag.acknowledgedAt)) {
    return fail('invalid-time', 'a flag cannot be resolved before it was acknowledged');
  }
  return { ok: true, flag: { ...flag, status: 'resolved', resolvedBy: res.by, resolvedAt: res.at } };
}

/** One answer that met a flag's rule, as a flag's record of hits holds it (FlagHit in the contracts). */
export interface FlagHitLike {
  week: number;
  value: number;
}

export interface FlagHitsView {
  /** In submission order: "item 9: 2 in week 5, 3 in week 6" (a follow-up hit reads "at follow-up"). */
  hits: { value: number; week: number; followUp: boolean }[];
  /** The answer that raised the flag, and the latest; null for a flag without hits (raised by hand). */
  first: FlagHitLike | null;
  latest: FlagHitLike | null;
  /** The highest answer (the earliest of equals), so a peak between two milder answers stays in view. */
  highest: FlagHitLike | null;
  /** How many later answers the flag covered without a new flag being raised. */
  repeats: number;
  /** The latest answer is above the one that raised the flag: the patient is worse than the flag says. */
  worsened: boolean;
}

/** A flag's hits as the screen shows them. Pure; the words and "week" are the renderer's. */
export function flagHitsView(hits: readonly FlagHitLike[]): FlagHitsView {
  const first = hits[0] ?? null;
  const latest = hits.at(-1) ?? null;
  const highest = hits.reduce<FlagHitLike | null>(
    (top, hit) => (top && top.value >= hit.value ? top : hit),
    null,
  );
  return {
    hits: hits.map(({ value, week }) => ({ value, week, followUp: isFollowUpWeek(week) })),
    first: first && { week: first.week, value: first.value },
    latest: latest && { week: latest.week, value: latest.value },
    highest: highest && { week: highest.week, value: highest.value },
    repeats: Math.max(0, hits.length - 1),
    worsened: first !== null && latest !== null && latest.value > first.value,
  };
}
