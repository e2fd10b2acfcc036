import type { InstrumentDefinition, ReliableChange } from './types';

/**
 * Jacobson & Truax (1991): the smallest change in total that is unlikely (p < .05) to be
 * measurement error. SE of the difference = sd * sqrt(2 * (1 - r)); threshold = 1.96 * SEdiff.
 */
export function reliableChangeIndexThreshold(sd: number, reliability: number): number {
  if (!(sd > 0) || !Number.isFinite(sd)) throw new RangeError(`sd must be a positive number, got ${sd}`);
  if (!(reliability >= 0 && reliability < 1)) {
    throw new RangeError(`reliability must be in [0, 1), got ${reliability}`);
  }
  return 1.96 * sd * Math.sqrt(2 * (1 - reliability));
}

export function jacobsonTruax(sd: number, reliability: number, source: string): ReliableChange {
  if (source.trim() === '')
    throw new RangeError('a Jacobson-Truax threshold needs the source of its SD and r');
  return {
    method: 'jacobson-truax',
    threshold: reliableChangeIndexThreshold(sd, reliability),
    sd,
    reliability,
    source,
  };
}

/**
 * Jacobson & Truax recommend the SD of the population being treated; a clinic with enough
 * intake data replaces the literature values with its own.
 */
export function withJacobsonTruax(
  def: InstrumentDefinition,
  sd: number,
  reliability: number,
  source: string,
): InstrumentDefinition {
  return { ...def, reliableChange: jacobsonTruax(sd, reliability, source) };
}

/** Reliable when the change reaches the threshold (the published integer thresholds read "or more"). */
export function isReliableChange(def: InstrumentDefinition, change: number): boolean {
  return Math.abs(change) >= def.reliableChange.threshold;
}
