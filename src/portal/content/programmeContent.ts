import matter from 'gray-matter';
import { Marked, type Tokens } from 'marked';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { z } from 'zod';
import { moduleSchedules } from '../../shared/clinical/index';
import { Programme } from '../../shared/contracts/domain';

/**
 * The programmes' modules and homework as the clinic's content files (resources/programmes/
 * README.md): Markdown with front matter, read and checked once at start. A bad file stops the
 * start, naming the file and the reason; the pages never meet half-loaded content.
 */

/** Longest answer to one homework field; the submitted homework must also fit the API's limit. */
export const HOMEWORK_FIELD_MAX = 4_000;

const HomeworkField = z.strictObject({
  id: z.string().regex(/^[a-z][a-z0-9-]{0,39}$/, 'a lower-case id: letters, digits and dashes'),
  label: z.string().trim().min(1).max(300),
  hint: z.string().trim().min(1).max(500).optional(),
  /** Visible lines of the text box. */
  lines: z.number().int().min(1).max(20).default(4),
});
export type HomeworkField = z.infer<typeof HomeworkField>;

export const ModuleFrontMatter = z.strictObject({
  programme: Programme,
  module: z.number().int().min(1).max(9),
  /** The programme week the module is due by; must match the programme's schedule. */
  week: z.number().int().min(1).max(14),
  title: z.string().trim().min(1).max(200),
  language: z
    .string()
    .regex(/^[a-z]{2,3}(-[A-Za-z0-9]{1,8})*$/)
    .default('nb'),
  /** True for the demo modules that ship with the code: synthetic, written for this project. */
  demo: z.boolean().default(false),
  homework: z.strictObject({
    title: z.string().trim().min(1).max(200),
    fields: z
      .array(HomeworkField)
      .min(1)
      .max(10)
      .refine((fields) => new Set(fields.map((f) => f.id)).size === fields.length, 'field ids must differ'),
  }),
});

export interface ModuleContent {
  programme: Programme;
  moduleNo: number;
  dueWeek: number;
  title: string;
  language: string;
  demo: boolean;
  /** The module text as HTML: Markdown rendered with raw HTML escaped. */
  html: string;
  homework: { title: string; fields: HomeworkField[] };
  /** The file it came from, relative to the content folder. */
  file: string;
}

export interface ProgrammeContent {
  module(programme: Programme, moduleNo: number): ModuleContent | undefined;
}

/** Markdown to HTML with any raw HTML in the file shown as text: content never carries markup or script. */
const markdown = new Marked({
  gfm: true,
  renderer: {
    html: ({ text }: Tokens.HTML | Tokens.Tag) =>
      text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;'),
  },
});

async function markdownFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((entry) => entry.isFile() && entry.name.endsWith('.md') && entry.name !== 'README.md')
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}

/**
 * Reads every module file under `dir` and checks the set: each file's front matter, its week
 * against the programme's module schedule, no module twice, and every scheduled module present.
 * Throws one error listing every problem, each naming its file.
 */
export async function loadProgrammeContent(dir: string): Promise<ProgrammeContent> {
  const problems: string[] = [];
  const byKey = new Map<string, ModuleContent>();
  let files: string[];
  try {
    files = await markdownFiles(dir);
  } catch (error) {
    throw new Error(`programme content folder ${dir} cannot be read: ${(error as Error).message}`, {
      cause: error,
    });
  }
  for (const path of files) {
    const file = relative(dir, path);
    let parsed: matter.GrayMatterFile<string>;
    try {
      // No cache: gray-matter caches by content, and a reload must re-read what changed.
      parsed = matter(await readFile(path, 'utf8'), {});
    } catch (error) {
      problems.push(`${file}: front matter is not readable YAML: ${(error as Error).message}`);
      continue;
    }
    const front = ModuleFrontMatter.safeParse(parsed.data);
    if (!front.success) {
      for (const issue of front.error.issues) {
        problems.push(`${file}: ${issue.path.join('.') || 'front matter'}: ${issue.message}`);
      }
      continue;
    }
    const meta = front.data;
    const slot = moduleSchedules[meta.programme].find((s) => s.moduleNo === meta.module);
    if (!slot) {
      problems.push(`${file}: ${meta.programme} has no module ${meta.module}`);
      continue;
    }
    if (slot.dueWeek !== meta.week) {
      problems.push(
        `${file}: week ${meta.week} does not match the ${meta.programme} schedule (module ${meta.module} is due in week ${slot.dueWeek})`,
      );
      continue;
    }
    if (parsed.content.trim() === '') {
      problems.push(`${file}: the module has no text`);
      continue;
    }
    const key = `${meta.programme}/${meta.module}`;
    const earlier = byKey.get(key);
    if (earlier) {
      problems.push(`${file}: ${meta.programme} module ${meta.module} is already in ${earlier.file}`);
      continue;
    }
    byKey.set(key, {
      programme: meta.programme,
      moduleNo: meta.module,
      dueWeek: meta.week,
      title: meta.title,
      language: meta.language,
      demo: meta.demo,
      html: await markdown.parse(parsed.content),
      homework: meta.homework,
      file,
    });
  }
  for (const programme of Programme.options) {
    for (const slot of moduleSchedules[programme]) {
      if (!byKey.has(`${programme}/${slot.moduleNo}`)) {
        problems.push(`${programme} module ${slot.moduleNo}: no content file`);
      }
    }
  }
  if (problems.length > 0) {
    throw new Error(`programme content in ${dir} refused:\n  ${problems.join('\n  ')}`);
  }
  return { module: (programme, moduleNo) => byKey.get(`${programme}/${moduleNo}`) };
}
