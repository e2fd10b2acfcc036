import { z } from 'zod';
import { moduleDue, PROGRAMME_WEEKS } from './clinical/calendar';
import { Programme } from './contracts/domain';
import { TemplateTitle } from './contracts/fields';

/**
 * Message templates and snippets: the clinic's Markdown files (resources/templates/README.md),
 * read by the main process at start and inserted into a message from the composer's palette.
 * This module holds their rules (front matter, placeholders) and the pure parts of using them:
 * which templates fit a patient's week, searching them, and filling in the placeholders.
 */

/** Each placeholder a template may use, written `{{name}}`, and the value it stands for. */
export const PLACEHOLDERS = {
  fornavn: 'patientFirstName',
  modul: 'moduleTitle',
  terapeut: 'therapistName',
} as const;
export type PlaceholderName = keyof typeof PLACEHOLDERS;

/** What the placeholders are filled with; null when the workstation does not know it. */
export type TemplateValues = Record<(typeof PLACEHOLDERS)[PlaceholderName], string | null>;

/** `{{name}}`, spaces inside the braces allowed. */
const PLACEHOLDER = /\{\{\s*([^{}\s]*)\s*\}\}/g;

export const TemplateFrontMatter = z.strictObject({
  programme: Programme,
  /** The programme week the template is written for, or "any" for every week. */
  week: z.union([z.literal('any'), z.number().int().min(1).max(PROGRAMME_WEEKS)]),
  title: TemplateTitle,
  /** True for the demo templates that ship with the code: written for this project. */
  demo: z.boolean().default(false),
});

export interface MessageTemplate {
  /** The file it came from, relative to the templates folder: stable, and unique. */
  id: string;
  programme: Programme;
  week: number | 'any';
  title: string;
  /** The message text, placeholders unfilled. */
  body: string;
  demo: boolean;
}

export interface ModuleTitle {
  programme: Programme;
  moduleNo: number;
  title: string;
}

/** What `templates.list` answers: the templates, and the module titles `{{modul}}` is filled from. */
export interface TemplateLibrary {
  templates: MessageTemplate[];
  modules: ModuleTitle[];
}

function isPlaceholderName(name: string): name is PlaceholderName {
  return Object.hasOwn(PLACEHOLDERS, name);
}

/** What is wrong with a template's placeholders: unknown names, and braces that make none. */
export function placeholderProblems(body: string): string[] {
  const problems: string[] = [];
  for (const [, name = ''] of body.matchAll(PLACEHOLDER)) {
    if (!isPlaceholderName(name)) {
      const known = Object.keys(PLACEHOLDERS)
        .map((n) => `{{${n}}}`)
        .join(', ');
      problems.push(`unknown placeholder {{${name}}} (known: ${known})`);
    }
  }
  const rest = body.replace(PLACEHOLDER, '');
  if (rest.includes('{{') || rest.includes('}}')) {
    problems.push('a "{{" or "}}" that is not part of a placeholder such as {{fornavn}}');
  }
  return problems;
}

export interface FilledTemplate {
  text: string;
  /** Placeholders left as written because their value is unknown: the therapist fills them in. */
  missing: PlaceholderName[];
}

/**
 * Fills a template's placeholders in one pass (a value that itself holds "{{...}}" stays as it
 * is). A placeholder whose value is unknown stays visible rather than vanishing from the sentence.
 */
export function fillTemplate(body: string, values: TemplateValues): FilledTemplate {
  const missing = new Set<PlaceholderName>();
  const text = body.replace(PLACEHOLDER, (written, name: string) => {
    if (!isPlaceholderName(name)) return written;
    const value = values[PLACEHOLDERS[name]]?.trim();
    if (value) return value;
    missing.add(name);
    return written;
  });
  return { text, missing: [...missing] };
}

/**
 * The templates for a patient's programme and week: those written for this week first, then
 * those for any week, each group by title. `week` is null outside the programme's weeks.
 */
export function templatesFor(
  templates: readonly MessageTemplate[],
  programme: Programme,
  week: number | null,
): MessageTemplate[] {
  const byTitle = (a: MessageTemplate, b: MessageTemplate) => a.title.localeCompare(b.title, 'nb');
  const mine = templates.filter((t) => t.programme === programme);
  return [
    ...mine.filter((t) => week !== null && t.week === week).sort(byTitle),
    ...mine.filter((t) => t.week === 'any').sort(byTitle),
  ];
}

/**
 * The templates matching what the user typed: every word must occur in the title or the text.
 * Title matches come first; otherwise the order is kept.
 */
export function searchTemplates(templates: readonly MessageTemplate[], query: string): MessageTemplate[] {
  const words = query.toLocaleLowerCase('nb').split(/\s+/).filter(Boolean);
  if (words.length === 0) return [...templates];
  const inTitle: MessageTemplate[] = [];
  const inText: MessageTemplate[] = [];
  for (const template of templates) {
    const title = template.title.toLocaleLowerCase('nb');
    const text = `${title}\n${template.body.toLocaleLowerCase('nb')}`;
    if (words.every((w) => title.includes(w))) inTitle.push(template);
    else if (words.every((w) => text.includes(w))) inText.push(template);
  }
  return [...inTitle, ...inText];
}

/** The title of the module a patient works on in a programme week, when the library has it. */
export function moduleTitleFor(
  modules: readonly ModuleTitle[],
  programme: Programme,
  week: number | null,
): string | null {
  const slot = week === null ? null : moduleDue(programme, week);
  if (!slot) return null;
  return modules.find((m) => m.programme === programme && m.moduleNo === slot.moduleNo)?.title ?? null;
}
