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
  type: 'group' | 'choice' | 'integer';
  text?: string;
  code?: FhirCoding[];
  required: boolean;
  /** Set on the score items, which the scorer fills in and the patient never answers. */
  readOnly?: boolean;
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
/** Prefix of our own code systems when the clinic gives no base URL: stable and globally unique. */
export const LOCAL_SYSTEM_PREFIX = 'urn:emestring:CodeSystem:';
/** linkId prefix of the score items, which cannot clash with an instrument's own linkIds. */
export const SCORE_LINK_PREFIX = 'score.';
/** Core R4 extension carrying the score of an answer. */
export const ORDINAL_VALUE_URL = 'http://hl7.org/fhir/StructureDefinition/ordinalValue';

export interface FhirExportOptions {
  /** Canonical base of the clinic's FHIR resources; gives the Questionnaire a `url` and our code systems a URL. */
  baseUrl?: string;
}

/** Our own code system `name` for an instrument: under the clinic's base URL, else a urn. */
function localSystem(def: InstrumentDefinition, name: string, baseUrl?: string): string {
  return baseUrl ? `${baseUrl}/CodeSystem/${def.id}-${name}` : `${LOCAL_SYSTEM_PREFIX}${def.id}-${name}`;
}

function answerOption(
  def: InstrumentDefinition,
  it: InstrumentItem,
  option: AnswerOption,
  baseUrl?: string,
): FhirAnswerOption {
  const coding: FhirCoding = {
    system: option.code ? LOINC_SYSTEM : localSystem(def, it.scaleId, baseUrl),
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

/**
 * The total (and any subscale totals) as read-only integer items, so a QuestionnaireResponse can
 * carry the scores; coded with LOINC where LOINC has the total, else with our own score codes.
 */
function scoreItems(def: InstrumentDefinition, baseUrl?: string): FhirQuestionnaireItem[] {
  const local = (code: string): FhirCoding => ({ system: localSystem(def, 'score', baseUrl), code });
  const total: FhirQuestionnaireItem = {
    linkId: `${SCORE_LINK_PREFIX}total`,
    type: 'integer',
    code: [def.loinc?.total ? { system: LOINC_SYSTEM, code: def.loinc.total } : local('total')],
    required: false,
    readOnly: true,
  };
  const subscales = def.subscales.map((sub): FhirQuestionnaireItem => ({
    linkId: `${SCORE_LINK_PREFIX}${sub.id}`,
    type: 'integer',
    code: [local(sub.id)],
    required: false,
    readOnly: true,
  }));
  return [total, ...subscales];
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
    item: [...items, ...scoreItems(def, baseUrl)],
  };
}
