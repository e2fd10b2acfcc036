import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  Answers,
  answersSchemaFor,
  bandFor,
  gad7,
  instruments,
  lsasSr,
  phq9,
  scoreResponse,
  type InstrumentDefinition,
} from '@shared/clinical';
import { allAt } from './helpers';

const defs = Object.values(instruments);

function validAnswers(def: InstrumentDefinition): fc.Arbitrary<Record<string, number>> {
  return fc
    .tuple(...def.items.map((it) => fc.integer({ min: it.min, max: it.max })))
    .map((values) => Object.fromEntries(def.items.map((it, i) => [it.linkId, values[i] ?? it.min])));
}

describe('scoreResponse', () => {
  it('scores a PHQ-9 response: total, band, caseness, item scores', () => {
    const answers = { '1': 2, '2': 2, '3': 1, '4': 3, '5': 0, '6': 1, '7': 2, '8': 0, '9': 1 };
    expect(scoreResponse(phq9, answers)).toEqual({
      ok: true,
      instrumentId: 'phq-9',
      total: 12,
      band: 'moderate',
      caseness: true,
      itemScores: answers,
      subscales: {},
    });
  });

  it('sums LSAS-SR fear and avoidance into the total and the subscales', () => {
    const answers = allAt(lsasSr, 'min');
    answers['1.fear'] = 3;
    answers['1.avoidance'] = 2;
    answers['24.fear'] = 1;
    const result = scoreResponse(lsasSr, answers);
    expect(result.ok && [result.total, result.subscales]).toEqual([6, { fear: 4, avoidance: 2 }]);
  });

  it.each([
    {
      name: 'a missing item',
      answers: { ...allAt(gad7, 'min'), '3': undefined },
      errors: [{ linkId: '3', code: 'missing' }],
    },
    {
      name: 'an item above its maximum',
      answers: { ...allAt(gad7, 'min'), '2': 4 },
      errors: [{ linkId: '2', code: 'out-of-range' }],
    },
    {
      name: 'a negative item',
      answers: { ...allAt(gad7, 'min'), '7': -1 },
      errors: [{ linkId: '7', code: 'out-of-range' }],
    },
    {
      name: 'a fractional value',
      answers: { ...allAt(gad7, 'min'), '1': 1.5 },
      errors: [{ linkId: '1', code: 'not-integer' }],
    },
    {
      name: 'NaN',
      answers: { ...allAt(gad7, 'min'), '1': Number.NaN },
      errors: [{ linkId: '1', code: 'not-integer' }],
    },
    {
      name: 'Infinity',
      answers: { ...allAt(gad7, 'min'), '1': Number.POSITIVE_INFINITY },
      errors: [{ linkId: '1', code: 'not-integer' }],
    },
    {
      name: 'an unknown item',
      answers: { ...allAt(gad7, 'min'), '8': 0 },
      errors: [{ linkId: '8', code: 'unknown-item' }],
    },
    {
      name: 'several problems at once',
      answers: { '1': 9, '2': 0, '3': 0, '4': 0, '5': 0, '6': 0, x: 1 },
      errors: [
        { linkId: '1', code: 'out-of-range' },
        { linkId: '7', code: 'missing' },
        { linkId: 'x', code: 'unknown-item' },
      ],
    },
  ])('refuses $name with a reason per item', ({ answers, errors }) => {
    const clean = Object.fromEntries(Object.entries(answers).filter(([, v]) => v !== undefined)) as Record<
      string,
      number
    >;
    const result = scoreResponse(gad7, clean);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map(({ linkId, code }) => ({ linkId, code }))).toEqual(errors);
    for (const e of result.errors) expect(e.message).toContain(e.linkId);
  });

  it('does not take an inherited property for an answer', () => {
    const answers = Object.create({ '1': 0 }) as Record<string, number>;
    const result = scoreResponse(phq9, answers);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors.filter((e) => e.code === 'missing')).toHaveLength(9);
  });
});

describe('answer schemas', () => {
  it('Answers accepts a record of numbers and refuses other values', () => {
    expect(Answers.safeParse({ '1': 2 }).success).toBe(true);
    expect(Answers.safeParse({ '1': '2' }).success).toBe(false);
    expect(Answers.safeParse({ '': 2 }).success).toBe(false);
  });

  it.each([
    { answers: allAt(phq9, 'max'), ok: true },
    { answers: { ...allAt(phq9, 'max'), '9': 4 }, ok: false },
    { answers: { ...allAt(phq9, 'max'), '9': 2.5 }, ok: false },
    { answers: { ...allAt(phq9, 'max'), '10': 0 }, ok: false },
    { answers: { '1': 0 }, ok: false },
  ])('answersSchemaFor(phq-9) on %# accepts only complete in-range answers: $ok', ({ answers, ok }) => {
    expect(answersSchemaFor(phq9).safeParse(answers).success).toBe(ok);
  });
});

describe.each(defs)('$id properties', (def) => {
  it('the total of any valid response lies in [min, max], equals the item sum and falls in its band', () => {
    fc.assert(
      fc.property(validAnswers(def), (answers) => {
        const result = scoreResponse(def, answers);
        if (!result.ok) return false;
        const sum = Object.values(answers).reduce((a, b) => a + b, 0);
        const band = def.bands.find((b) => b.id === result.band);
        return (
          result.total === sum &&
          result.total >= def.min &&
          result.total <= def.max &&
          band !== undefined &&
          result.total >= band.min &&
          result.total <= band.max &&
          result.caseness === result.total >= def.caseness
        );
      }),
    );
  });

  it('raising any single item raises the total by one and never lowers the band', () => {
    const bandIndex = (id: string) => def.bands.findIndex((b) => b.id === id);
    fc.assert(
      fc.property(validAnswers(def), fc.nat(def.items.length - 1), (answers, index) => {
        const it = def.items[index];
        if (!it || answers[it.linkId] === it.max) return true;
        const before = scoreResponse(def, answers);
        const after = scoreResponse(def, { ...answers, [it.linkId]: (answers[it.linkId] ?? 0) + 1 });
        return (
          before.ok &&
          after.ok &&
          after.total === before.total + 1 &&
          bandIndex(after.band) >= bandIndex(before.band)
        );
      }),
    );
  });

  it('the bands partition [min, max]: every total in exactly one band, none outside', () => {
    for (let total = def.min - 5; total <= def.max + 5; total++) {
      const containing = def.bands.filter((b) => total >= b.min && total <= b.max);
      expect(containing).toHaveLength(total >= def.min && total <= def.max ? 1 : 0);
    }
    expect(() => bandFor(def, def.max + 1)).toThrow(RangeError);
    expect(() => bandFor(def, def.min - 1)).toThrow(RangeError);
  });

  it('rejects any response with an out-of-range item, naming that item', () => {
    const outside = fc.oneof(fc.integer({ min: -1000, max: -1 }), fc.integer({ min: 1, max: 1000 }));
    fc.assert(
      fc.property(validAnswers(def), fc.nat(def.items.length - 1), outside, (answers, index, offset) => {
        const it = def.items[index];
        if (!it) return false;
        const value = offset < 0 ? it.min + offset : it.max + offset;
        const result = scoreResponse(def, { ...answers, [it.linkId]: value });
        return (
          !result.ok &&
          result.errors.length === 1 &&
          result.errors[0]?.code === 'out-of-range' &&
          result.errors[0]?.linkId === it.linkId
        );
      }),
    );
  });

  it('rejects a response missing any one item, or any non-empty set of items, naming exactly those', () => {
    const linkIds = def.items.map((it) => it.linkId);
    const leftOut = fc.oneof(
      fc.constantFrom(...linkIds).map((linkId) => [linkId]),
      fc.subarray(linkIds, { minLength: 1 }),
    );
    fc.assert(
      fc.property(validAnswers(def), leftOut, (answers, missing) => {
        const partial = Object.fromEntries(Object.entries(answers).filter(([id]) => !missing.includes(id)));
        const result = scoreResponse(def, partial);
        expect(result.ok).toBe(false);
        if (result.ok) return;
        expect(result.errors.map((e) => [e.code, e.linkId])).toEqual(missing.map((id) => ['missing', id]));
        for (const e of result.errors) expect(e.message).toContain(`"${e.linkId}"`);
      }),
    );
  });

  it('rejects any non-integer item value', () => {
    fc.assert(
      fc.property(
        validAnswers(def),
        fc.nat(def.items.length - 1),
        fc.double({ noDefaultInfinity: false }).filter((v) => !Number.isInteger(v)),
        (answers, index, value) => {
          const it = def.items[index];
          if (!it) return false;
          const result = scoreResponse(def, { ...answers, [it.linkId]: value });
          return !result.ok && result.errors[0]?.code === 'not-integer';
        },
      ),
    );
  });
});
