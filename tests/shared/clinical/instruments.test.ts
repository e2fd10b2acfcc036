import { describe, expect, it } from 'vitest';
import {
  defineInstrument,
  definitionProblems,
  gad7,
  getInstrument,
  instrumentIds,
  instruments,
  isReliableChange,
  item,
  jacobsonTruax,
  lsasSr,
  madrsS,
  pdssSr,
  phq9,
  reliableChangeIndexThreshold,
  scale,
  scoreResponse,
  withJacobsonTruax,
  type InstrumentDefinition,
} from '@shared/clinical';
import { allAt, answersForTotal } from './helpers';

/** Published numbers, written out here independently of the definitions they check. */
const published: {
  def: InstrumentDefinition;
  items: number;
  itemMax: number;
  min: number;
  max: number;
  bands: [string, number, number][];
  caseness: number;
  /** Smallest whole-point change that is reliable. */
  reliablePoints: number;
}[] = [
  {
    def: phq9,
    items: 9,
    itemMax: 3,
    min: 0,
    max: 27,
    bands: [
      ['minimal', 0, 4],
      ['mild', 5, 9],
      ['moderate', 10, 14],
      ['moderately-severe', 15, 19],
      ['severe', 20, 27],
    ],
    caseness: 10,
    reliablePoints: 6,
  },
  {
    def: gad7,
    items: 7,
    itemMax: 3,
    min: 0,
    max: 21,
    bands: [
      ['minimal', 0, 4],
      ['mild', 5, 9],
      ['moderate', 10, 14],
      ['severe', 15, 21],
    ],
    caseness: 8,
    reliablePoints: 4,
  },
  {
    def: madrsS,
    items: 9,
    itemMax: 6,
    min: 0,
    max: 54,
    bands: [
      ['minimal', 0, 12],
      ['mild', 13, 19],
      ['moderate', 20, 34],
      ['severe', 35, 54],
    ],
    caseness: 13,
    reliablePoints: 7,
  },
  {
    def: pdssSr,
    items: 7,
    itemMax: 4,
    min: 0,
    max: 28,
    bands: [
      ['normal', 0, 1],
      ['borderline', 2, 5],
      ['slightly-ill', 6, 9],
      ['moderately-ill', 10, 13],
      ['markedly-ill', 14, 28],
    ],
    caseness: 8,
    reliablePoints: 4,
  },
  {
    def: lsasSr,
    items: 48,
    itemMax: 3,
    min: 0,
    max: 144,
    bands: [
      ['below-threshold', 0, 29],
      ['social-anxiety', 30, 59],
      ['generalized-social-anxiety', 60, 144],
    ],
    caseness: 30,
    reliablePoints: 15,
  },
];

function bandOf(def: InstrumentDefinition, total: number): string {
  const result = scoreResponse(def, answersForTotal(def, total));
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  expect(result.total).toBe(total);
  return result.band;
}

describe.each(published)('$def.id', (p) => {
  it('has the published number of items, each scored 0 to the published maximum', () => {
    expect(p.def.items).toHaveLength(p.items);
    for (const it of p.def.items) {
      expect([it.min, it.max]).toEqual([0, p.itemMax]);
      expect(it.options.map((o) => o.value)).toEqual(Array.from({ length: p.itemMax + 1 }, (_, i) => i));
    }
  });

  it('scores the published minimum and maximum totals', () => {
    expect([p.def.min, p.def.max]).toEqual([p.min, p.max]);
    const low = scoreResponse(p.def, allAt(p.def, 'min'));
    const high = scoreResponse(p.def, allAt(p.def, 'max'));
    expect(low.ok && low.total).toBe(p.min);
    expect(high.ok && high.total).toBe(p.max);
    expect(low.ok && low.band).toBe(p.bands[0]?.[0]);
    expect(high.ok && high.band).toBe(p.bands.at(-1)?.[0]);
  });

  const edges = p.bands.flatMap(([id, min, max], i) => [
    { total: min, band: id },
    { total: max, band: id },
    ...(i > 0 ? [{ total: min - 1, band: p.bands[i - 1]?.[0] }] : []),
    ...(i < p.bands.length - 1 ? [{ total: max + 1, band: p.bands[i + 1]?.[0] }] : []),
  ]);
  it.each(edges)('total $total is in band $band', ({ total, band }) => {
    expect(bandOf(p.def, total)).toBe(band);
  });

  it.each([
    { total: p.caseness - 1, caseness: false },
    { total: p.caseness, caseness: true },
  ])('caseness at total $total is $caseness', ({ total, caseness }) => {
    const result = scoreResponse(p.def, answersForTotal(p.def, total));
    expect(result.ok && result.caseness).toBe(caseness);
  });

  it.each([
    { change: p.reliablePoints, reliable: true },
    { change: -p.reliablePoints, reliable: true },
    { change: p.reliablePoints - 1, reliable: false },
    { change: -(p.reliablePoints - 1), reliable: false },
  ])('a change of $change points is reliable: $reliable', ({ change, reliable }) => {
    expect(isReliableChange(p.def, change)).toBe(reliable);
  });

  it('is a sound definition', () => {
    expect(definitionProblems(p.def)).toEqual([]);
  });
});

describe('Jacobson-Truax reliable change', () => {
  it.each([
    // 1.96 * sd * sqrt(2 * (1 - r)), worked by hand.
    { sd: 10, r: 0.5, expected: 19.6 }, // sqrt(1) = 1
    { sd: 4.5, r: 0.92, expected: 3.528 }, // sqrt(0.16) = 0.4
    { sd: 5, r: 0.875, expected: 4.9 }, // sqrt(0.25) = 0.5
    { sd: 24, r: 0.95, expected: 14.87535 }, // 47.04 * sqrt(0.1)
    { sd: 6, r: 0.84, expected: 6.652461 }, // 11.76 * sqrt(0.32)
  ])('sd $sd, r $r gives $expected', ({ sd, r, expected }) => {
    expect(reliableChangeIndexThreshold(sd, r)).toBeCloseTo(expected, 5);
  });

  it.each([
    { sd: 0, r: 0.9 },
    { sd: -1, r: 0.9 },
    { sd: Number.NaN, r: 0.9 },
    { sd: 5, r: 1 },
    { sd: 5, r: -0.1 },
  ])('refuses sd $sd, r $r', ({ sd, r }) => {
    expect(() => reliableChangeIndexThreshold(sd, r)).toThrow(RangeError);
  });

  // Thresholds worked by hand: 1.96 * sd * sqrt(2 * (1 - r)).
  it.each([
    { def: madrsS, sd: 6.0, r: 0.84, threshold: 6.6525, cites: /Fantino & Moore 2009/ },
    { def: pdssSr, sd: 4.5, r: 0.92, threshold: 3.528, cites: /Houck et al\. 2002/ },
    { def: lsasSr, sd: 24, r: 0.95, threshold: 14.8754, cites: /Baker et al\. 2002/ },
  ])('$def.id records the SD, reliability and source its threshold comes from', (c) => {
    const rc = c.def.reliableChange;
    if (rc.method !== 'jacobson-truax') throw new Error(`${c.def.id} should use Jacobson-Truax`);
    expect([rc.sd, rc.reliability]).toEqual([c.sd, c.r]);
    expect(rc.threshold).toBeCloseTo(c.threshold, 4);
    expect(rc.source).toMatch(c.cites);
    // No verified published pre-treatment SD: the source must say it awaits clinical sign-off.
    expect(rc.source).toMatch(/SD = [\d.]+: an assumed pre-treatment SD.*clinical sign-off/s);
  });

  it('lets a clinic recompute the threshold from its own intake SD, naming where it comes from', () => {
    const local = withJacobsonTruax(pdssSr, 5, 0.875, 'Clinic intake 2025, n = 212');
    expect(local.reliableChange).toMatchObject({
      sd: 5,
      reliability: 0.875,
      source: 'Clinic intake 2025, n = 212',
    });
    expect(local.reliableChange.threshold).toBeCloseTo(4.9, 10);
    expect(isReliableChange(local, 4)).toBe(false);
    expect(isReliableChange(local, 5)).toBe(true);
    expect(pdssSr.reliableChange.threshold).toBeCloseTo(3.528, 10);
    expect(() => withJacobsonTruax(pdssSr, 5, 0.875, '  ')).toThrow(RangeError);
  });

  it('published thresholds are recorded as such', () => {
    expect(phq9.reliableChange).toEqual({ method: 'published', threshold: 6 });
    expect(gad7.reliableChange).toEqual({ method: 'published', threshold: 4 });
    expect(jacobsonTruax(10, 0.5, 'worked example').threshold).toBeCloseTo(19.6, 10);
  });
});

describe('PHQ-9 and GAD-7 content', () => {
  const answerLabels = ['Not at all', 'Several days', 'More than half the days', 'Nearly every day'];
  const answerCodes = ['LA6568-5', 'LA6569-3', 'LA6570-1', 'LA6571-9'];

  it.each([phq9, gad7])('$id carries the published English answer labels and LOINC answer codes', (def) => {
    expect(def.language).toBe('en');
    for (const it of def.items) {
      expect(it.options.map((o) => o.label)).toEqual(answerLabels);
      expect(it.options.map((o) => o.code)).toEqual(answerCodes);
      expect(it.text?.length).toBeGreaterThan(10);
    }
  });

  it('PHQ-9 has LOINC panel 44249-1 and item 9 asks about being better off dead or self-harm', () => {
    expect(phq9.loinc).toEqual({ panel: '44249-1', total: '44261-6' });
    const item9 = phq9.items.find((i) => i.linkId === '9');
    expect(item9?.text).toBe('Thoughts that you would be better off dead or of hurting yourself in some way');
    expect(item9?.code).toBe('44260-8');
    expect(phq9.riskItems).toEqual(['9']);
    expect(phq9.items[0]?.text).toBe('Little interest or pleasure in doing things');
  });

  it('GAD-7 has LOINC panel 69737-5 and its seven published items', () => {
    expect(gad7.loinc).toEqual({ panel: '69737-5', total: '70274-6' });
    expect(gad7.items.map((i) => i.text)).toEqual([
      'Feeling nervous, anxious or on edge',
      'Not being able to stop or control worrying',
      'Worrying too much about different things',
      'Trouble relaxing',
      'Being so restless that it is hard to sit still',
      'Becoming easily annoyed or irritable',
      'Feeling afraid as if something awful might happen',
    ]);
    expect(gad7.riskItems).toEqual([]);
  });
});

describe('licensed instruments ship without text', () => {
  it.each([madrsS, pdssSr, lsasSr])('$id has no item, group or answer text', (def) => {
    expect(def.language).toBeUndefined();
    expect(def.description).toBeUndefined();
    for (const it of def.items) {
      expect(it.text).toBeUndefined();
      expect(it.options.every((o) => o.label === undefined)).toBe(true);
    }
    expect(def.groups.every((g) => g.text === undefined)).toBe(true);
  });

  // The answers a clinic's text file must label: the printed form's labelled values.
  it.each([
    { def: phq9, anchors: [0, 1, 2, 3] },
    { def: gad7, anchors: [0, 1, 2, 3] },
    { def: madrsS, anchors: [0, 2, 4, 6] },
    { def: pdssSr, anchors: [0, 1, 2, 3, 4] },
    { def: lsasSr, anchors: [0, 1, 2, 3] },
  ])('$def.id requires labels for answers $anchors', ({ def, anchors }) => {
    for (const it of def.items) expect(it.anchors).toEqual(anchors);
  });

  it('MADRS-S item 9 is the risk item', () => {
    expect(madrsS.riskItems).toEqual(['9']);
  });

  it('LSAS-SR rates fear and avoidance for each of 24 situations, with subscales of 0-72', () => {
    expect(lsasSr.groups).toHaveLength(24);
    for (const g of lsasSr.groups) {
      expect(lsasSr.items.filter((i) => i.groupLinkId === g.linkId).map((i) => i.scaleId)).toEqual([
        'fear',
        'avoidance',
      ]);
    }
    const high = scoreResponse(lsasSr, allAt(lsasSr, 'max'));
    expect(high.ok && high.subscales).toEqual({ fear: 72, avoidance: 72 });
  });
});

describe('registry', () => {
  it('holds the five instruments by id', () => {
    expect(instrumentIds).toEqual(['phq-9', 'gad-7', 'madrs-s', 'pdss-sr', 'lsas-sr']);
    for (const id of instrumentIds) expect(instruments[id].id).toBe(id);
  });

  it.each([
    { id: 'phq-9', found: true },
    { id: 'PHQ-9', found: false },
    { id: 'toString', found: false },
    { id: '', found: false },
  ])('getInstrument("$id") finds one: $found', ({ id, found }) => {
    expect(getInstrument(id) !== undefined).toBe(found);
  });
});

describe('defineInstrument refuses unsound definitions', () => {
  const s = scale('s', 0, 3);
  const base = {
    id: 'x',
    title: 'X',
    items: [item('1', s), item('2', s)],
    bands: [
      { id: 'low', min: 0, max: 3 },
      { id: 'high', min: 4, max: 6 },
    ],
    caseness: 4,
    reliableChange: { method: 'published' as const, threshold: 2 },
  };

  it('accepts the sound base', () => {
    expect(defineInstrument(base).max).toBe(6);
  });

  it.each([
    {
      name: 'a gap between bands',
      spec: {
        ...base,
        bands: [
          { id: 'low', min: 0, max: 2 },
          { id: 'high', min: 4, max: 6 },
        ],
      },
      message: /does not continue from 3/,
    },
    {
      name: 'overlapping bands',
      spec: {
        ...base,
        bands: [
          { id: 'low', min: 0, max: 4 },
          { id: 'high', min: 4, max: 6 },
        ],
      },
      message: /does not continue from 5/,
    },
    {
      name: 'bands short of the maximum',
      spec: { ...base, bands: [{ id: 'low', min: 0, max: 5 }] },
      message: /end at 5/,
    },
    {
      name: 'a duplicate linkId',
      spec: { ...base, items: [item('1', s), item('1', s)] },
      message: /duplicate linkId/,
    },
    { name: 'caseness at the minimum', spec: { ...base, caseness: 0 }, message: /caseness 0/ },
    { name: 'an unknown risk item', spec: { ...base, riskItems: ['9'] }, message: /risk item "9"/ },
    {
      name: 'a zero reliable-change threshold',
      spec: { ...base, reliableChange: { method: 'published' as const, threshold: 0 } },
      message: /must be positive/,
    },
    {
      name: 'a linkId in the prefix kept for FHIR score items',
      spec: { ...base, items: [item('score.total', s), item('2', s)] },
      message: /item "score.total": the prefix "score." is kept for score items/,
    },
    {
      name: 'an anchor that is not an answer value',
      spec: { ...base, items: [item('1', scale('s', 0, 3, [], [0, 4])), item('2', s)] },
      message: /item "1": anchor 4 is not an answer value/,
    },
    {
      name: 'a built-in label on an answer that is not an anchor',
      spec: {
        ...base,
        items: [item('1', scale('s', 0, 3, [{ label: 'a' }, { label: 'b' }], [0])), item('2', s)],
      },
      message: /item "1": labelled answer 1 is not an anchor/,
    },
    {
      name: 'an item in an unknown group',
      spec: { ...base, items: [item('1', s, { groupLinkId: 'g' }), item('2', s)] },
      message: /unknown group "g"/,
    },
    {
      name: 'a subscale over an unknown item',
      spec: { ...base, subscales: [{ id: 'sub', linkIds: ['3'] }] },
      message: /subscale "sub"/,
    },
  ])('$name', ({ spec, message }) => {
    expect(() => defineInstrument(spec)).toThrow(message);
  });
});
