import type { Programme } from './calendar';
import type { InstrumentId } from './instruments/types';

/**
 * The questionnaires of each programme, answered weekly: the PHQ-9, whose item 9 is the weekly
 * screening question on suicidal thoughts, and the programme's own symptom measure.
 */
export const PROGRAMME_INSTRUMENTS: Readonly<Record<Programme, readonly InstrumentId[]>> = {
  panic: ['phq-9', 'pdss-sr'],
  'social-anxiety': ['phq-9', 'lsas-sr'],
  depression: ['phq-9', 'madrs-s'],
};
