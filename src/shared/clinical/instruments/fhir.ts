import type { AnswerOption, InstrumentDefinition, InstrumentItem } from './types';

/** The subset of FHIR R4 `Questionnaire` this export produces. */
export interface FhirCoding {
  system?: string;
  code: string;
  display?: string;
}

export interface FhirAnswerOption {
  valueCoding: FhirCoding;
  extension: { url: typeof ORDINAL_VALUE_URL; valueDecimal: number }[];
}

export interface FhirQuestionnaireItem {
  linkId: string;
  type: 'group' | 'choice';
  text?: string;
  code?: FhirCoding[];
  required: boolean;
  answerOption?: FhirAnswerOption[];
  item?: FhirQuestionnaireItem[];
}

export interface FhirQuestionnaire {
  resourceType: 'Questionnaire';
  id: string;
  url?: string;
  name: string;
  title: string;
  status: 'active';
  subjectType: ['Patient'];
  language?: string;
  description?: string;
  copyright?: string;
  code?: FhirCoding[];
  item: FhirQuestionnaireItem[];
}

export const LOINC_SYSTEM = 'http://loinc.org';
/** Core R4 extension carrying the score of an answer. */
export const ORDINAL_VALUE_URL = 'http://hl7.org/fhir/StructureDefinition/ordinalValue';

export interface FhirExportOptions {
  /** Canonical base of the clinic's FHIR resources; gives the Questionnaire a `url` and local answer codes a system. */
  baseUrl?: string;
}

function answerOption(
  def: InstrumentDefinition,
  it: InstrumentItem,
  option: AnswerOption,
  baseUrl?: string,
): FhirAnswerOption {
  const system = option.code ? LOINC_SYSTEM : baseUrl && `${baseUrl}/CodeSystem/${def.id}-${it.scaleId}`;
  const coding: FhirCoding = {
    ...(system && { system }),
    code: option.code ?? String(option.value),
    ...(option.label !== undefined && { display: option.label }),
  };
  return { valueCoding: coding, extension: [{ url: ORDINAL_VALUE_URL, valueDecimal: option.value }] };
}

function question(def: InstrumentDefinition, it: InstrumentItem, baseUrl?: string): FhirQuestionnaireItem {
  return {
    linkId: it.linkId,
    type: 'choice',
    ...(it.text !== undefined && { text: it.text }),
    ...(it.code !== undefined && { code: [{ system: LOINC_SYSTEM, code: it.code }] }),
    required: true,
    answerOption: it.options.map((o) => answerOption(def, it, o, baseUrl)),
  };
}

/** FHIR `name` must be a computable identifier: 'phq-9' becomes 'PHQ9'. */
function computableName(id: string): string {
  return id.toUpperCase().replace(/[^A-Z0-9]/g, '');
}

export function toFhirQuestionnaire(
  def: InstrumentDefinition,
  options: FhirExportOptions = {},
): FhirQuestionnaire {
  const { baseUrl } = options;
  const items: FhirQuestionnaireItem[] = [];
  const groupChildren = new Map<string, FhirQuestionnaireItem[]>();
  // A group is emitted where its first item stands, so the item order is kept.
  for (const it of def.items) {
    if (it.groupLinkId === undefined) {
      items.push(question(def, it, baseUrl));
      continue;
    }
    let children = groupChildren.get(it.groupLinkId);
    if (!children) {
      children = [];
      groupChildren.set(it.groupLinkId, children);
      const text = def.groups.find((g) => g.linkId === it.groupLinkId)?.text;
      items.push({
        linkId: it.groupLinkId,
        type: 'group',
        ...(text !== undefined && { text }),
        required: true,
        item: children,
      });
    }
    children.push(question(def, it, baseUrl));
  }
  return {
    resourceType: 'Questionnaire',
    id: def.id,
    ...(baseUrl && { url: `${baseUrl}/Questionnaire/${def.id}` }),
    name: computableName(def.id),
    title: def.title,
    status: 'active',
    subjectType: ['Patient'],
    ...(def.language !== undefined && { language: def.language }),
    ...(def.description !== undefined && { description: def.description }),
    ...(def.copyright !== undefined && { copyright: def.copyright }),
    ...(def.loinc && { code: [{ system: LOINC_SYSTEM, code: def.loinc.panel }] }),
    item: items,
  };
}
