import { describe, expect, it } from 'vitest';
import {
  LOINC_SYSTEM,
  ORDINAL_VALUE_URL,
  instruments,
  lsasSr,
  madrsS,
  phq9,
  toFhirQuestionnaire,
  type FhirQuestionnaireItem,
} from '@shared/clinical';

function leaves(items: FhirQuestionnaireItem[]): FhirQuestionnaireItem[] {
  return items.flatMap((i) => (i.type === 'group' ? leaves(i.item ?? []) : [i]));
}

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
    expect(q.item).toHaveLength(9);
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

  it('maps a licensed instrument without text: value codes and ordinals only, no LOINC', () => {
    const q = toFhirQuestionnaire(madrsS);
    expect(q.code).toBeUndefined();
    expect(q.language).toBeUndefined();
    expect(q.item.map((i) => i.linkId)).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9']);
    const first = q.item[0];
    expect(first?.text).toBeUndefined();
    expect(first?.answerOption?.map((o) => [o.valueCoding, o.extension[0]?.valueDecimal])).toEqual(
      [0, 1, 2, 3, 4, 5, 6].map((v) => [{ code: String(v) }, v]),
    );
  });

  it('nests LSAS-SR ratings under a group per situation, in order', () => {
    const q = toFhirQuestionnaire(lsasSr);
    expect(q.item).toHaveLength(24);
    expect(q.item.every((g) => g.type === 'group' && g.required)).toBe(true);
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
