import { INSTRUMENT_TEXT_FORMAT, instruments, type InstrumentId } from '../../src/shared/clinical/index';

/**
 * Synthetic text files. Every string is a PLACEHOLDER made up for the test: not a translation,
 * not the licensed wording, and never to be shown to a patient.
 */
export function placeholderFile(instrumentId: InstrumentId, language: string) {
  const def = instruments[instrumentId];
  const labels = (min: number, max: number) =>
    Object.fromEntries(
      Array.from({ length: max - min + 1 }, (_, i) => [String(min + i), `PLACEHOLDER svar ${min + i}`]),
    );
  return {
    format: INSTRUMENT_TEXT_FORMAT,
    instrumentId,
    language,
    source: 'Test placeholder text, not a translation',
    title: `PLACEHOLDER ${instrumentId} ${language}`,
    scales: Object.fromEntries(
      [...new Set(def.items.map((item) => item.scaleId))].map((scaleId) => {
        const item = def.items.find((it) => it.scaleId === scaleId)!;
        return [scaleId, { text: `PLACEHOLDER skala ${scaleId}`, options: labels(item.min, item.max) }];
      }),
    ),
    groups: Object.fromEntries(
      def.groups.map((group) => [group.linkId, { text: `PLACEHOLDER gruppe ${group.linkId}` }]),
    ),
    items: Object.fromEntries(
      def.items
        .filter((item) => !item.groupLinkId)
        .map((item) => [item.linkId, { text: `PLACEHOLDER spørsmål ${item.linkId}` }]),
    ),
  };
}
