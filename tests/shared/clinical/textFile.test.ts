import { describe, expect, it } from 'vitest';
import {
  INSTRUMENT_TEXT_FORMAT,
  lsasSr,
  madrsS,
  mergeInstrumentText,
  pdssSr,
  phq9,
  scoreResponse,
  toFhirQuestionnaire,
} from '@shared/clinical';

/**
 * Fixture text is placeholder text, deliberately not a translation of anything: real text comes
 * only from a clinic's licensed or official files.
 */
const madrsFile = {
  format: INSTRUMENT_TEXT_FORMAT,
  instrumentId: 'madrs-s',
  language: 'nb',
  source: 'Test fixture; placeholder text only',
  title: 'MADRS-S (fixture)',
  description: 'Fixture instructions',
  scales: { rating: { options: { '0': 'Anchor 0', '2': 'Anchor 2', '4': 'Anchor 4', '6': 'Anchor 6' } } },
  items: Object.fromEntries(
    Array.from({ length: 9 }, (_, i) => [String(i + 1), { text: `Fixture item ${i + 1}` }]),
  ) as Record<string, { text?: string; options?: Record<string, string> }>,
};

const lsasFile = {
  format: INSTRUMENT_TEXT_FORMAT,
  instrumentId: 'lsas-sr',
  language: 'nn',
  source: 'Test fixture; placeholder text only',
  scales: {
    fear: { text: 'Fixture fear column', options: { '0': 'F0', '1': 'F1', '2': 'F2', '3': 'F3' } },
    avoidance: { text: 'Fixture avoidance column', options: { '0': 'A0', '1': 'A1', '2': 'A2', '3': 'A3' } },
  },
  groups: Object.fromEntries(
    Array.from({ length: 24 }, (_, i) => [String(i + 1), { text: `Situation ${i + 1}` }]),
  ),
  items: {},
};

describe('mergeInstrumentText', () => {
  it('lays a complete file over MADRS-S: text, partial anchor labels, language', () => {
    const result = mergeInstrumentText(madrsS, madrsFile);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const def = result.definition;
    expect([def.language, def.title, def.description]).toEqual([
      'nb',
      'MADRS-S (fixture)',
      'Fixture instructions',
    ]);
    expect(def.items[8]?.text).toBe('Fixture item 9');
    expect(def.items[0]?.options.map((o) => o.label)).toEqual([
      'Anchor 0',
      undefined,
      'Anchor 2',
      undefined,
      'Anchor 4',
      undefined,
      'Anchor 6',
    ]);
    // Scoring and ranges are untouched.
    expect(def.bands).toBe(madrsS.bands);
    expect(def.reliableChange).toBe(madrsS.reliableChange);
    const scored = scoreResponse(def, Object.fromEntries(def.items.map((i) => [i.linkId, 4])));
    expect(scored.ok && scored.band).toBe('severe');
    // The built-in definition is not changed.
    expect(madrsS.items[0]?.text).toBeUndefined();
  });

  it('per-item labels take precedence over the scale labels', () => {
    const file = structuredClone(madrsFile);
    file.items['9'] = { text: 'Fixture item 9', options: { '6': 'Item-specific 6' } };
    const result = mergeInstrumentText(madrsS, file);
    expect(result.ok && result.definition.items[8]?.options[6]?.label).toBe('Item-specific 6');
    expect(result.ok && result.definition.items[8]?.options[0]?.label).toBe('Anchor 0');
  });

  it('accepts PDSS-SR labels given per item, as its form words each item differently', () => {
    const file = {
      format: INSTRUMENT_TEXT_FORMAT,
      instrumentId: 'pdss-sr',
      language: 'nb',
      source: 'Test fixture; placeholder text only',
      items: Object.fromEntries(
        Array.from({ length: 7 }, (_, i) => [
          String(i + 1),
          {
            text: `Q${i + 1}`,
            options: Object.fromEntries([0, 1, 2, 3, 4].map((v) => [v, `Q${i + 1}-${v}`])),
          },
        ]),
      ),
    };
    const result = mergeInstrumentText(pdssSr, file);
    expect(result.ok && result.definition.items[6]?.options.map((o) => o.label)).toEqual([
      'Q7-0',
      'Q7-1',
      'Q7-2',
      'Q7-3',
      'Q7-4',
    ]);
    delete file.items['7']?.options['2'];
    expect(mergeInstrumentText(pdssSr, file)).toEqual({
      ok: false,
      errors: [
        {
          path: 'items.7.options',
          message:
            'item "7" has no label for answer value 2 (give them in scales.rating.options or items.7.options)',
        },
      ],
    });
  });

  it('uses scale text for LSAS ratings and group text for the situations', () => {
    const result = mergeInstrumentText(lsasSr, lsasFile);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const q = toFhirQuestionnaire(result.definition);
    expect(q.language).toBe('nn');
    expect(q.item[0]?.text).toBe('Situation 1');
    expect(q.item[0]?.item?.map((i) => i.text)).toEqual(['Fixture fear column', 'Fixture avoidance column']);
    expect(q.item[0]?.item?.[1]?.answerOption?.[3]?.valueCoding.display).toBe('A3');
  });

  it('drops built-in English labels and instructions when the file is in another language, keeps LOINC codes', () => {
    const file = {
      format: INSTRUMENT_TEXT_FORMAT,
      instrumentId: 'phq-9',
      language: 'nb',
      source: 'Test fixture; placeholder text only',
      scales: { frequency: { options: { '0': 'L0', '1': 'L1', '2': 'L2', '3': 'L3' } } },
      items: Object.fromEntries(Array.from({ length: 9 }, (_, i) => [String(i + 1), { text: `P${i + 1}` }])),
    };
    const result = mergeInstrumentText(phq9, file);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.definition.description).toBeUndefined();
    expect(result.definition.copyright).toBe(phq9.copyright);
    expect(result.definition.items[0]?.options).toEqual([
      { value: 0, code: 'LA6568-5', label: 'L0' },
      { value: 1, code: 'LA6569-3', label: 'L1' },
      { value: 2, code: 'LA6570-1', label: 'L2' },
      { value: 3, code: 'LA6571-9', label: 'L3' },
    ]);
  });

  it.each([
    {
      name: 'a file for another instrument',
      def: phq9,
      file: madrsFile,
      expected: [{ path: 'instrumentId', message: 'the file is for instrument "madrs-s", not "phq-9"' }],
    },
    {
      name: 'an unknown item linkId',
      def: madrsS,
      file: { ...madrsFile, items: { ...madrsFile.items, '10': { text: 'extra' } } },
      expected: [{ path: 'items.10', message: '"10" is not an item of madrs-s' }],
    },
    {
      name: 'an unknown scale',
      def: madrsS,
      file: { ...madrsFile, scales: { ...madrsFile.scales, frequency: { options: { '0': 'x' } } } },
      expected: [{ path: 'scales.frequency', message: '"frequency" is not an answer scale of madrs-s' }],
    },
    {
      name: 'a label for an answer value the item does not have',
      def: madrsS,
      file: { ...madrsFile, items: { ...madrsFile.items, '3': { text: 't', options: { '7': 'seven' } } } },
      expected: [{ path: 'items.3.options.7', message: 'answer value 7 is outside 0-6' }],
    },
    {
      name: 'an unknown group',
      def: lsasSr,
      file: { ...lsasFile, groups: { ...lsasFile.groups, '25': { text: 'extra' } } },
      expected: [{ path: 'groups.25', message: '"25" is not an item group of lsas-sr' }],
    },
    {
      name: 'items without text',
      def: madrsS,
      file: { ...madrsFile, items: { '1': { text: 'only one' } } },
      expected: ['2', '3', '4', '5', '6', '7', '8', '9'].map((l) => ({
        path: `items.${l}.text`,
        message: `no text for item "${l}"`,
      })),
    },
    {
      name: 'MADRS-S without a label for anchor rating 4',
      def: madrsS,
      file: { ...madrsFile, scales: { rating: { options: { '0': 'a', '2': 'b', '6': 'd' } } } },
      expected: ['1', '2', '3', '4', '5', '6', '7', '8', '9'].map((l) => ({
        path: `items.${l}.options`,
        message: `item "${l}" has no label for answer value 4 (give them in scales.rating.options or items.${l}.options)`,
      })),
    },
    {
      name: 'MADRS-S with no answer labels at all',
      def: madrsS,
      file: { ...madrsFile, scales: undefined },
      expected: ['1', '2', '3', '4', '5', '6', '7', '8', '9'].map((l) => ({
        path: `items.${l}.options`,
        message: `item "${l}" has no label for answer values 0, 2, 4, 6 (give them in scales.rating.options or items.${l}.options)`,
      })),
    },
    {
      name: 'PHQ-9 labelling only some of the values its built-in scale labels',
      def: phq9,
      file: {
        ...madrsFile,
        instrumentId: 'phq-9',
        scales: { frequency: { options: { '0': 'L0', '3': 'L3' } } },
        items: {
          ...Object.fromEntries(Array.from({ length: 9 }, (_, i) => [String(i + 1), { text: `P${i + 1}` }])),
          '2': { text: 'P2', options: { '1': 'own 1', '2': 'own 2' } },
        },
      },
      expected: ['1', '3', '4', '5', '6', '7', '8', '9'].map((l) => ({
        path: `items.${l}.options`,
        message: `item "${l}" has no label for answer values 1, 2 (give them in scales.frequency.options or items.${l}.options)`,
      })),
    },
    {
      name: 'an LSAS-SR file without the avoidance labels',
      def: lsasSr,
      file: { ...lsasFile, scales: { ...lsasFile.scales, avoidance: { text: 'Fixture avoidance column' } } },
      expected: Array.from({ length: 24 }, (_, i) => ({
        path: `items.${i + 1}.avoidance.options`,
        message: `item "${i + 1}.avoidance" has no label for answer values 0, 1, 2, 3 (give them in scales.avoidance.options or items.${i + 1}.avoidance.options)`,
      })),
    },
    {
      name: 'a situation without text',
      def: lsasSr,
      file: { ...lsasFile, groups: { ...lsasFile.groups, '7': undefined } },
      expected: [{ path: 'groups.7.text', message: 'no text for item group "7"' }],
    },
  ])('rejects $name with a clear message', ({ def, file, expected }) => {
    const clean = JSON.parse(JSON.stringify(file)) as unknown;
    expect(mergeInstrumentText(def, clean)).toEqual({ ok: false, errors: expected });
  });

  it.each([
    { name: 'no format marker', patch: { format: undefined }, path: 'format' },
    { name: 'a newer format', patch: { format: 'emestring.instrument-text/2' }, path: 'format' },
    { name: 'no source', patch: { source: undefined }, path: 'source' },
    { name: 'a blank source', patch: { source: '   ' }, path: 'source' },
    { name: 'a language that is not a tag', patch: { language: 'Norsk' }, path: 'language' },
    { name: 'an unknown top-level key', patch: { itemz: {} }, path: '' },
    { name: 'an empty item text', patch: { items: { '1': { text: '' } } }, path: 'items.1.text' },
    {
      name: 'a non-numeric option key',
      patch: { items: { '1': { text: 't', options: { one: 'x' } } } },
      path: 'items.1.options.one',
    },
    { name: 'no items', patch: { items: undefined }, path: 'items' },
  ])('rejects a file with $name by schema, with the path', ({ patch, path }) => {
    const file = JSON.parse(JSON.stringify({ ...madrsFile, ...patch })) as unknown;
    const result = mergeInstrumentText(madrsS, file);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors.map((e) => e.path)).toContain(path);
    expect(!result.ok && result.errors.every((e) => e.message.length > 0)).toBe(true);
  });

  it('rejects input that is not an object', () => {
    expect(mergeInstrumentText(madrsS, 'madrs').ok).toBe(false);
    expect(mergeInstrumentText(madrsS, null).ok).toBe(false);
  });
});
