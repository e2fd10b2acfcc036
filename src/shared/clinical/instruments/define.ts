import { SCORE_LINK_PREFIX } from './fhir';
import type {
  AnswerOption,
  InstrumentDefinition,
  InstrumentItem,
  ItemGroup,
  ReliableChange,
  SeverityBand,
  Subscale,
} from './types';

/** An answer scale: consecutive integer values, optionally labelled and LOINC-coded. */
export interface Scale {
  readonly scaleId: string;
  readonly min: number;
  readonly max: number;
  readonly options: readonly AnswerOption[];
  readonly anchors: readonly number[];
}

/** `anchors` defaults to every value: most published forms label each answer. */
export function scale(
  scaleId: string,
  min: number,
  max: number,
  labels: readonly { label: string; code?: string }[] = [],
  anchors?: readonly number[],
): Scale {
  const options: AnswerOption[] = [];
  for (let value = min; value <= max; value++) {
    const labelled = labels[value - min];
    options.push(labelled ? { value, ...labelled } : { value });
  }
  return { scaleId, min, max, options, anchors: anchors ?? options.map((o) => o.value) };
}

export function item(
  linkId: string,
  s: Scale,
  extra: { text?: string; code?: string; groupLinkId?: string } = {},
): InstrumentItem {
  return {
    linkId,
    scaleId: s.scaleId,
    min: s.min,
    max: s.max,
    options: s.options,
    anchors: s.anchors,
    ...extra,
  };
}

export interface InstrumentSpec {
  readonly id: string;
  readonly title: string;
  readonly loinc?: { readonly panel: string; readonly total?: string };
  readonly language?: string;
  readonly description?: string;
  readonly copyright?: string;
  readonly groups?: readonly ItemGroup[];
  readonly items: readonly InstrumentItem[];
  readonly subscales?: readonly Subscale[];
  readonly bands: readonly SeverityBand[];
  readonly caseness: number;
  readonly reliableChange: ReliableChange;
  readonly riskItems?: readonly string[];
}

/** Problems that would make a definition score wrongly; empty when it is sound. */
export function definitionProblems(def: InstrumentDefinition): string[] {
  const problems: string[] = [];
  const linkIds = new Set<string>();
  const groupIds = new Set(def.groups.map((g) => g.linkId));
  for (const it of def.items) {
    if (linkIds.has(it.linkId) || groupIds.has(it.linkId)) problems.push(`duplicate linkId "${it.linkId}"`);
    linkIds.add(it.linkId);
    if (it.linkId.startsWith(SCORE_LINK_PREFIX)) {
      problems.push(`item "${it.linkId}": the prefix "${SCORE_LINK_PREFIX}" is kept for score items`);
    }
    if (!Number.isInteger(it.min) || !Number.isInteger(it.max) || it.min >= it.max) {
      problems.push(`item "${it.linkId}": range ${it.min}-${it.max} is not an integer range`);
    }
    const values = it.options.map((o) => o.value).join(',');
    const expected = Array.from({ length: it.max - it.min + 1 }, (_, i) => it.min + i).join(',');
    if (values !== expected) problems.push(`item "${it.linkId}": options ${values} do not cover ${expected}`);
    for (const anchor of it.anchors) {
      if (!Number.isInteger(anchor) || anchor < it.min || anchor > it.max) {
        problems.push(`item "${it.linkId}": anchor ${anchor} is not an answer value`);
      }
    }
    for (const option of it.options) {
      if (option.label !== undefined && !it.anchors.includes(option.value)) {
        problems.push(`item "${it.linkId}": labelled answer ${option.value} is not an anchor`);
      }
    }
    if (it.groupLinkId !== undefined && !groupIds.has(it.groupLinkId)) {
      problems.push(`item "${it.linkId}": unknown group "${it.groupLinkId}"`);
    }
  }
  let next = def.min;
  for (const band of def.bands) {
    if (band.min !== next || band.max < band.min) {
      problems.push(`band "${band.id}" (${band.min}-${band.max}) does not continue from ${next}`);
    }
    next = band.max + 1;
  }
  if (next !== def.max + 1) problems.push(`bands end at ${next - 1}, not at the maximum ${def.max}`);
  if (new Set(def.bands.map((b) => b.id)).size !== def.bands.length) problems.push('band ids are not unique');
  if (!(def.caseness > def.min && def.caseness <= def.max)) {
    problems.push(`caseness ${def.caseness} is outside (${def.min}, ${def.max}]`);
  }
  if (!(def.reliableChange.threshold > 0)) problems.push('reliable-change threshold must be positive');
  for (const linkId of def.riskItems) {
    if (!linkIds.has(linkId)) problems.push(`risk item "${linkId}" is not an item`);
  }
  for (const sub of def.subscales) {
    for (const linkId of sub.linkIds) {
      if (!linkIds.has(linkId)) problems.push(`subscale "${sub.id}": "${linkId}" is not an item`);
    }
  }
  return problems;
}

/** Builds a definition, deriving the total range, and refuses one that is unsound. */
export function defineInstrument(spec: InstrumentSpec): InstrumentDefinition {
  const def: InstrumentDefinition = {
    ...spec,
    groups: spec.groups ?? [],
    subscales: spec.subscales ?? [],
    riskItems: spec.riskItems ?? [],
    min: spec.items.reduce((sum, it) => sum + it.min, 0),
    max: spec.items.reduce((sum, it) => sum + it.max, 0),
  };
  const problems = definitionProblems(def);
  if (problems.length > 0) throw new Error(`instrument "${spec.id}" is invalid: ${problems.join('; ')}`);
  return def;
}
