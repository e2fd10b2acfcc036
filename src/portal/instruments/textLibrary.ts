import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  getInstrument,
  instruments,
  mergeInstrumentText,
  type InstrumentDefinition,
} from '../../shared/clinical';

/**
 * Reads the instrument text files a clinic supplies (resources/instruments/README.md) and keeps
 * the definitions they produce, by instrument and language. A bad file is refused as a whole and
 * reported with its name; it never half-applies and never stops the other files from loading.
 */

export interface TextFileRefusal {
  file: string;
  path: string;
  message: string;
}

export interface InstrumentTextLibrary {
  /** The definition in `language`; the built-in one when it already is in that language. */
  definition(instrumentId: string, language: string): InstrumentDefinition | undefined;
  readonly refused: readonly TextFileRefusal[];
}

const key = (instrumentId: string, language: string) => `${instrumentId}\u0000${language}`;

const builtIn = () => {
  const byKey = new Map<string, InstrumentDefinition>();
  for (const def of Object.values(instruments)) {
    if (def.language) byKey.set(key(def.id, def.language), def);
  }
  return byKey;
};

const libraryOf = (
  byKey: ReadonlyMap<string, InstrumentDefinition>,
  refused: readonly TextFileRefusal[],
): InstrumentTextLibrary => ({
  definition: (instrumentId, language) => byKey.get(key(instrumentId, language)),
  refused,
});

/** Only the text that ships with the code: the English PHQ-9 and GAD-7. */
export const builtInInstrumentText = (): InstrumentTextLibrary => libraryOf(builtIn(), []);

export async function loadInstrumentTextLibrary(dir: string): Promise<InstrumentTextLibrary> {
  const byKey = builtIn();
  const refused: TextFileRefusal[] = [];
  const files = (await readdir(dir).catch(() => [] as string[])).filter((f) => f.endsWith('.json')).sort();

  for (const file of files) {
    const refuse = (path: string, message: string) => refused.push({ file, path, message });
    let parsed: unknown;
    try {
      parsed = JSON.parse(await readFile(join(dir, file), 'utf8'));
    } catch (error) {
      refuse('', `not readable JSON: ${(error as Error).message}`);
      continue;
    }
    const instrumentId = (parsed as { instrumentId?: unknown } | null)?.instrumentId;
    const base = typeof instrumentId === 'string' ? getInstrument(instrumentId) : undefined;
    if (!base) {
      refuse('instrumentId', `names no known instrument (${Object.keys(instruments).join(', ')})`);
      continue;
    }
    const merged = mergeInstrumentText(base, parsed);
    if (!merged.ok) {
      for (const problem of merged.errors) refuse(problem.path, problem.message);
      continue;
    }
    const language = merged.definition.language as string;
    if (byKey.has(key(base.id, language)) && base.language !== language) {
      refuse('language', `a second file for ${base.id} in "${language}"`);
      continue;
    }
    byKey.set(key(base.id, language), merged.definition);
  }

  return libraryOf(byKey, refused);
}

/**
 * The library a portal starts with. A refused file stops the start: a clinic that put a file
 * there expects its text to be shown, and silently serving another language would hide that.
 */
export async function loadInstrumentTextForStart(dir: string): Promise<InstrumentTextLibrary> {
  const library = await loadInstrumentTextLibrary(dir);
  if (library.refused.length > 0) {
    const problems = library.refused.map(
      (r) => `${join(dir, r.file)}${r.path ? ` at ${r.path}` : ''}: ${r.message}`,
    );
    throw new Error(`instrument text files refused:\n  ${problems.join('\n  ')}`);
  }
  return library;
}

/**
 * The definition to show in the first language of `preferred` that has text for it, then bokmål,
 * then English (the built-in PHQ-9 and GAD-7). A regional tag falls back to its language
 * (`nb-NO` to `nb`). Undefined when no text exists: licensed text the clinic has not supplied.
 */
export function definitionInLanguage(
  library: InstrumentTextLibrary,
  instrumentId: string,
  preferred: readonly string[],
): InstrumentDefinition | undefined {
  const tags = [...preferred.flatMap((tag) => [tag, tag.split('-')[0]!.toLowerCase()]), 'nb', 'en'];
  for (const tag of tags) {
    const found = library.definition(instrumentId, tag);
    if (found) return found;
  }
  return undefined;
}

/** Language tags from an Accept-Language header, most wanted first (`*` and q=0 dropped). */
export function acceptedLanguages(header: string | undefined): string[] {
  return (header ?? '')
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
      return { tag: tag.trim(), q: q === undefined ? 1 : Number(q), index };
    })
    .filter((entry) => /^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/.test(entry.tag) && entry.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index)
    .map((entry) => entry.tag);
}
