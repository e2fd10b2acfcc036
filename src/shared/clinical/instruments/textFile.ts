import { z } from 'zod';
import type { AnswerOption, InstrumentDefinition, InstrumentItem } from './types';

/**
 * Licensed item text and official translations are not part of the code: a clinic supplies
 * them as definition files (resources/instruments/README.md describes the format). This module
 * validates such a file, already parsed from JSON, against a definition and lays its text over
 * the definition. Reading the folder is someone else's job; nothing here touches disk.
 */

export const INSTRUMENT_TEXT_FORMAT = 'emestring.instrument-text/1';

const Text = z.string().trim().min(1);
const OptionLabels = z.record(z.string().regex(/^-?\d+$/, 'keys are answer values such as "0"'), Text);

export const InstrumentTextFile = z.strictObject({
  format: z.literal(INSTRUMENT_TEXT_FORMAT),
  instrumentId: Text,
  language: z
    .string()
    .regex(/^[a-z]{2,3}(-[A-Za-z0-9]{1,8})*$/, 'a BCP 47 language tag such as "nb" or "nn"'),
  /** Where the text comes from and under what licence: official translations only. */
  source: Text,
  title: Text.optional(),
  description: Text.optional(),
  copyright: Text.optional(),
  /** Per answer scale: text shared by its items (LSAS "Fear or anxiety") and its labels. */
  scales: z
    .record(z.string(), z.strictObject({ text: Text.optional(), options: OptionLabels.optional() }))
    .optional(),
  groups: z.record(z.string(), z.strictObject({ text: Text })).optional(),
  items: z.record(z.string(), z.strictObject({ text: Text.optional(), options: OptionLabels.optional() })),
});
export type InstrumentTextFile = z.infer<typeof InstrumentTextFile>;

export interface TextFileProblem {
  /** Where in the file, dotted: 'items.10.text'. Empty for the file as a whole. */
  path: string;
  message: string;
}

export type MergeResult =
  { ok: true; definition: InstrumentDefinition } | { ok: false; errors: TextFileProblem[] };

function itemText(it: InstrumentItem, file: InstrumentTextFile): string | undefined {
  return file.items[it.linkId]?.text ?? file.scales?.[it.scaleId]?.text;
}

function checkLabels(
  labels: Record<string, string> | undefined,
  range: { min: number; max: number },
  path: string,
  errors: TextFileProblem[],
): void {
  for (const key of Object.keys(labels ?? {})) {
    const value = Number(key);
    if (value < range.min || value > range.max) {
      errors.push({
        path: `${path}.${key}`,
        message: `answer value ${key} is outside ${range.min}-${range.max}`,
      });
    }
  }
}

function problems(def: InstrumentDefinition, file: InstrumentTextFile): TextFileProblem[] {
  const errors: TextFileProblem[] = [];
  if (file.instrumentId !== def.id) {
    errors.push({
      path: 'instrumentId',
      message: `the file is for instrument "${file.instrumentId}", not "${def.id}"`,
    });
    return errors;
  }
  const items = new Map(def.items.map((it) => [it.linkId, it]));
  const scales = new Map(def.items.map((it) => [it.scaleId, it]));
  const groups = new Set(def.groups.map((g) => g.linkId));
  for (const [linkId, entry] of Object.entries(file.items)) {
    const it = items.get(linkId);
    if (!it) {
      errors.push({ path: `items.${linkId}`, message: `"${linkId}" is not an item of ${def.id}` });
      continue;
    }
    checkLabels(entry.options, it, `items.${linkId}.options`, errors);
  }
  for (const [scaleId, entry] of Object.entries(file.scales ?? {})) {
    const example = scales.get(scaleId);
    if (!example) {
      errors.push({ path: `scales.${scaleId}`, message: `"${scaleId}" is not an answer scale of ${def.id}` });
      continue;
    }
    checkLabels(entry.options, example, `scales.${scaleId}.options`, errors);
  }
  for (const linkId of Object.keys(file.groups ?? {})) {
    if (!groups.has(linkId)) {
      errors.push({ path: `groups.${linkId}`, message: `"${linkId}" is not an item group of ${def.id}` });
    }
  }
  // A half-translated questionnaire is unusable: every item and group needs its text.
  for (const it of def.items) {
    if (itemText(it, file) === undefined) {
      errors.push({ path: `items.${it.linkId}.text`, message: `no text for item "${it.linkId}"` });
    }
  }
  for (const linkId of groups) {
    if (!file.groups?.[linkId]) {
      errors.push({ path: `groups.${linkId}.text`, message: `no text for item group "${linkId}"` });
    }
  }
  // An unlabelled answer choice cannot be answered as the validated form intends.
  for (const it of def.items) {
    const missing = it.anchors.filter((value) => labelFor(it, value, file) === undefined);
    if (missing.length > 0) {
      errors.push({
        path: `items.${it.linkId}.options`,
        message:
          `item "${it.linkId}" has no label for answer ${missing.length > 1 ? 'values' : 'value'} ` +
          `${missing.join(', ')} (give them in scales.${it.scaleId}.options or items.${it.linkId}.options)`,
      });
    }
  }
  return errors;
}

/** An item's own label for `value`, else its scale's. */
function labelFor(it: InstrumentItem, value: number, file: InstrumentTextFile): string | undefined {
  const key = String(value);
  return file.items[it.linkId]?.options?.[key] ?? file.scales?.[it.scaleId]?.options?.[key];
}

function labelled(it: InstrumentItem, file: InstrumentTextFile): AnswerOption[] {
  // Labels come only from the file: a built-in English label must not survive into another language.
  return it.options.map(({ value, code }) => {
    const label = labelFor(it, value, file);
    return { value, ...(code !== undefined && { code }), ...(label !== undefined && { label }) };
  });
}

/** Validates `input` as a text file for `def` and returns `def` carrying the file's text. */
export function mergeInstrumentText(def: InstrumentDefinition, input: unknown): MergeResult {
  const parsed = InstrumentTextFile.safeParse(input);
  if (!parsed.success) {
    return {
      ok: false,
      errors: parsed.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message })),
    };
  }
  const file = parsed.data;
  const errors = problems(def, file);
  if (errors.length > 0) return { ok: false, errors };
  const { description: _englishDescription, ...rest } = def;
  return {
    ok: true,
    definition: {
      ...rest,
      language: file.language,
      title: file.title ?? def.title,
      ...(file.description !== undefined && { description: file.description }),
      copyright: file.copyright ?? def.copyright,
      groups: def.groups.map((g) => ({ ...g, text: file.groups?.[g.linkId]?.text })),
      items: def.items.map((it) => ({ ...it, text: itemText(it, file), options: labelled(it, file) })),
    },
  };
}
