import { describe, expect, it } from 'vitest';
import {
  LOINC_SYSTEM,
  ORDINAL_VALUE_URL,
  gad7,
  instruments,
  lsasSr,
  madrsS,
  phq9,
  toFhirQuestionnaire,
  type FhirQuestionnaireItem,
} from '@shared/clinical';

/** The questions the patient answers, without groups and the read-only score items. */
function leaves(items: FhirQuestionnaireItem[]): FhirQuestionnaireItem[] {
  return items.flatMap((i) => (i.type === 'group' ? leaves(i.item ?? []) : i.readOnly ? [] : [i]));
}

const scores = (items: FhirQuestionnaireItem[]) => items.filter((i) => i.readOnly);

describe('toFhirQuestionnaire', () => {
  it('maps PHQ-9 to an R4 Questionnaire with its LOINC panel code, text and coded answers', () => {
    const q = toFhirQuestionnaire(phq9);
    expect(q).toMatchObject({
      resourceType: 'Questionnaire',
      id: 'phq-9',
      name: 'PHQ9',
      title: phq9.title,
      status: 'active',
      subjectType: ['Patient'],
      language: 'en',
      code: [{ system: 'http://loinc.org', code: '44249-1' }],
    });
    expect(q.url).toBeUndefined();
    expect(q.description).toMatch(/^Over the last 2 weeks/);
    expect(q.copyright).toMatch(/Pfizer/);
    expect(leaves(q.item)).toHaveLength(9);
    expect(q.item[8]).toEqual({
      linkId: '9',
      type: 'choice',
      text: 'Thoughts that you would be better off dead or of hurting yourself in some way',
      code: [{ system: LOINC_SYSTEM, code: '44260-8' }],
      required: true,
      answerOption: [
        ['LA6568-5', 'Not at all', 0],
        ['LA6569-3', 'Several days', 1],
        ['LA6570-1', 'More than half the days', 2],
        ['LA6571-9', 'Nearly every day', 3],
      ].map(([code, display, value]) => ({
        valueCoding: { system: LOINC_SYSTEM, code, display },
        extension: [{ url: 'http://hl7.org/fhir/StructureDefinition/ordinalValue', valueDecimal: value }],
      })),
    });
  });

  it('maps a licensed instrument without text: local value codes and ordinals only, no LOINC', () => {
    const q = toFhirQuestionnaire(madrsS);
    expect(q.code).toBeUndefined();
    expect(q.language).toBeUndefined();
    expect(leaves(q.item).map((i) => i.linkId)).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9']);
    const first = q.item[0];
    expect(first?.text).toBeUndefined();
    // Without a base URL local codes still carry a system, so they never read as bare strings.
    expect(first?.answerOption?.map((o) => [o.valueCoding, o.extension[0]?.valueDecimal])).toEqual(
      [0, 1, 2, 3, 4, 5, 6].map((v) => [
        { system: 'urn:emestring:CodeSystem:madrs-s-rating', code: String(v) },
        v,
      ]),
    );
  });

  it.each([
    { def: phq9, total: { system: LOINC_SYSTEM, code: '44261-6' } },
    { def: gad7, total: { system: LOINC_SYSTEM, code: '70274-6' } },
    { def: madrsS, total: { system: 'urn:emestring:CodeSystem:madrs-s-score', code: 'total' } },
  ])('$def.id ends with a read-only total score item coded $total.code', ({ def, total }) => {
    const q = toFhirQuestionnaire(def);
    expect(q.item.at(-1)).toEqual({
      linkId: 'score.total',
      type: 'integer',
      code: [total],
      required: false,
      readOnly: true,
    });
    expect(scores(q.item)).toHaveLength(1);
  });

  it('gives LSAS-SR read-only fear and avoidance subscale items beside the total', () => {
    const base = 'https://fhir.example.org';
    const q = toFhirQuestionnaire(lsasSr, { baseUrl: base });
    expect(scores(q.item).map((i) => [i.linkId, i.type, i.code])).toEqual(
      ['total', 'fear', 'avoidance'].map((id) => [
        `score.${id}`,
        'integer',
        [{ system: `${base}/CodeSystem/lsas-sr-score`, code: id }],
      ]),
    );
  });

  it('nests LSAS-SR ratings under a group per situation, in order', () => {
    const q = toFhirQuestionnaire(lsasSr);
    const groups = q.item.filter((i) => !i.readOnly);
    expect(groups).toHaveLength(24);
    expect(groups.every((g) => g.type === 'group' && g.required)).toBe(true);
    expect(q.item[0]?.item?.map((i) => i.linkId)).toEqual(['1.fear', '1.avoidance']);
    expect(q.item[23]?.linkId).toBe('24');
    expect(leaves(q.item)).toHaveLength(48);
  });

  it('with a base URL gives the Questionnaire a canonical url and local answer codes a system', () => {
    const q = toFhirQuestionnaire(lsasSr, { baseUrl: 'https://fhir.example.org' });
    expect(q.url).toBe('https://fhir.example.org/Questionnaire/lsas-sr');
    expect(q.item[0]?.item?.[1]?.answerOption?.[3]?.valueCoding).toEqual({
      system: 'https://fhir.example.org/CodeSystem/lsas-sr-avoidance',
      code: '3',
    });
    const phq = toFhirQuestionnaire(phq9, { baseUrl: 'https://fhir.example.org' });
    expect(phq.item[0]?.answerOption?.[0]?.valueCoding.system).toBe(LOINC_SYSTEM);
  });

  it.each(Object.values(instruments))('$id: unique linkIds, an answer per value, JSON-safe', (def) => {
    const q = toFhirQuestionnaire(def);
    const all = [...q.item, ...q.item.flatMap((i) => i.item ?? [])];
    expect(new Set(all.map((i) => i.linkId)).size).toBe(all.length);
    const questions = leaves(q.item);
    expect(questions.map((i) => i.linkId)).toEqual(def.items.map((i) => i.linkId));
    for (const [i, question] of questions.entries()) {
      const ordinals = question.answerOption?.map(
        (o) => o.extension.find((e) => e.url === ORDINAL_VALUE_URL)?.valueDecimal,
      );
      expect(ordinals).toEqual(def.items[i]?.options.map((o) => o.value));
    }
    expect(JSON.parse(JSON.stringify(q))).toEqual(q);
    expect(q.name).toMatch(/^[A-Z][A-Za-z0-9_]*$/);
  });
});
