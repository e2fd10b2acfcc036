import { gad7 } from './gad7';
import { lsasSr } from './lsasSr';
import { madrsS } from './madrsS';
import { pdssSr } from './pdssSr';
import { phq9 } from './phq9';
import type { InstrumentDefinition, InstrumentId } from './types';

export const instruments: Readonly<Record<InstrumentId, InstrumentDefinition>> = {
  'phq-9': phq9,
  'gad-7': gad7,
  'madrs-s': madrsS,
  'pdss-sr': pdssSr,
  'lsas-sr': lsasSr,
};

export const instrumentIds = Object.keys(instruments) as InstrumentId[];

export function isInstrumentId(id: string): id is InstrumentId {
  return Object.hasOwn(instruments, id);
}

/** Looks up an id that arrived as data (a stored response, a config file). */
export function getInstrument(id: string): InstrumentDefinition | undefined {
  return isInstrumentId(id) ? instruments[id] : undefined;
}
