import matter from 'gray-matter';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { moduleSchedules } from '../../../shared/clinical';
import { Programme } from '../../../shared/contracts/domain';
import { MessageBody } from '../../../shared/contracts/fields';
import {
  type MessageTemplate,
  type ModuleTitle,
  placeholderProblems,
  TemplateFrontMatter,
  type TemplateLibrary,
} from '../../../shared/templates';
import { loadProgrammeContent } from '../../../portal/content/programmeContent';

/**
 * Reads the clinic's message templates (resources/templates/README.md) once, at start. A bad file
 * stops the start with one error naming each file and what is wrong with it, as a bad programme
 * content file stops the portal: the palette never offers half-loaded or broken templates.
 */

async function markdownFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((entry) => entry.isFile() && entry.name.endsWith('.md') && entry.name !== 'README.md')
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}

/** One file's template, or the reasons it is refused. */
function readTemplate(file: string, text: string): MessageTemplate | string[] {
  let parsed: matter.GrayMatterFile<string>;
  try {
    // No cache: gray-matter caches by content, and a restart must see what changed.
    parsed = matter(text, {});
  } catch (error) {
    return [`front matter is not readable YAML: ${(error as Error).message}`];
  }
  const front = TemplateFrontMatter.safeParse(parsed.data);
  if (!front.success) {
    return front.error.issues.map((issue) => `${issue.path.join('.') || 'front matter'}: ${issue.message}`);
  }
  const problems: string[] = [];
  const folder = file.split(sep)[0];
  if (folder !== front.data.programme) {
    problems.push(`a ${front.data.programme} template belongs in the folder ${front.data.programme}/`);
  }
  const body = MessageBody.safeParse(parsed.content);
  if (!body.success) problems.push(...body.error.issues.map((issue) => `the text ${issue.message}`));
  problems.push(...placeholderProblems(parsed.content));
  if (problems.length > 0 || !body.success) return problems;
  return { id: file.split(sep).join('/'), ...front.data, body: body.data };
}

/** Every template under `dir`, checked; throws one error listing every problem, each with its file. */
export async function loadMessageTemplates(dir: string): Promise<MessageTemplate[]> {
  let files: string[];
  try {
    files = await markdownFiles(dir);
  } catch (error) {
    throw new Error(`message template folder ${dir} cannot be read: ${(error as Error).message}`, {
      cause: error,
    });
  }
  const problems: string[] = [];
  const templates: MessageTemplate[] = [];
  const seen = new Map<string, string>();
  for (const path of files) {
    const file = relative(dir, path);
    const read = readTemplate(file, await readFile(path, 'utf8'));
    if (Array.isArray(read)) {
      problems.push(...read.map((problem) => `${file}: ${problem}`));
      continue;
    }
    // Two templates the palette could not tell apart.
    const key = `${read.programme}/${read.week}/${read.title}`;
    const earlier = seen.get(key);
    if (earlier) {
      problems.push(`${file}: the title "${read.title}" is already used in ${earlier} for the same week`);
      continue;
    }
    seen.set(key, file);
    templates.push(read);
  }
  if (problems.length > 0)
    throw new Error(`message templates in ${dir} refused:\n  ${problems.join('\n  ')}`);
  return templates;
}

/**
 * The module titles `{{modul}}` is filled from. The synced records name a module only by its
 * number, so the titles come from the programme content files the portal shows the patient.
 */
export async function loadModuleTitles(programmesDir: string): Promise<ModuleTitle[]> {
  const content = await loadProgrammeContent(programmesDir);
  return Programme.options.flatMap((programme) =>
    moduleSchedules[programme].map(({ moduleNo }) => ({
      programme,
      moduleNo,
      // loadProgrammeContent refuses a folder that lacks a scheduled module.
      title: content.module(programme, moduleNo)!.title,
    })),
  );
}

export async function loadTemplateLibrary(dirs: {
  templatesDir: string;
  programmesDir: string;
}): Promise<TemplateLibrary> {
  const [templates, modules] = await Promise.all([
    loadMessageTemplates(dirs.templatesDir),
    loadModuleTitles(dirs.programmesDir),
  ]);
  return { templates, modules };
}
