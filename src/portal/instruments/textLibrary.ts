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

export async function loadInstrumentTextLibrary(dir: string): Promise<InstrumentTextLibrary> {
  const byKey = new Map<string, InstrumentDefinition>();
  for (const def of Object.values(instruments)) {
    if (def.language) byKey.set(key(def.id, def.language), def);
  }
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

  return {
    definition: (instrumentId, language) => byKey.get(key(instrumentId, language)),
    refused,
  };
}
