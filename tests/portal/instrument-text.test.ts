import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { INSTRUMENT_TEXT_FORMAT } from '../../src/shared/clinical';
import { loadInstrumentTextLibrary } from '../../src/portal/instruments/textLibrary';

// Placeholder wording: tests must not carry any real (licensed) item text.
const madrsFile = (language: string) => ({
  format: INSTRUMENT_TEXT_FORMAT,
  instrumentId: 'madrs-s',
  language,
  source: 'test fixture',
  scales: { rating: { options: { '0': 'anchor 0', '2': 'anchor 2', '4': 'anchor 4', '6': 'anchor 6' } } },
  items: Object.fromEntries(Array.from({ length: 9 }, (_, i) => [String(i + 1), { text: `item ${i + 1}` }])),
});

describe('instrument text library', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'instrument-text-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  const put = (name: string, content: unknown) =>
    writeFile(join(dir, name), typeof content === 'string' ? content : JSON.stringify(content));

  it('lays a valid file over the licensed definition, by language', async () => {
    await put('madrs-s.nb.json', madrsFile('nb'));
    const library = await loadInstrumentTextLibrary(dir);
    expect(library.refused).toEqual([]);
    const nb = library.definition('madrs-s', 'nb');
    expect(nb?.items.map((it) => it.text)).toEqual(Array.from({ length: 9 }, (_, i) => `item ${i + 1}`));
    expect(nb?.items[0]?.options.find((o) => o.value === 6)?.label).toBe('anchor 6');
    expect(library.definition('madrs-s', 'en')).toBeUndefined();
  });

  it('serves the built-in English text of the free instruments with no files at all', async () => {
    const library = await loadInstrumentTextLibrary(join(dir, 'missing-folder'));
    expect(library.definition('phq-9', 'en')?.items[8]?.text).toMatch(/better off dead/);
    expect(library.definition('phq-9', 'nb')).toBeUndefined();
  });

  it('refuses broken files whole, names them, and still loads the good ones', async () => {
    await put('a-broken.json', '{ not json');
    await put('b-unknown-item.json', {
      ...madrsFile('nn'),
      items: { ...madrsFile('nn').items, '10': { text: 'x' } },
    });
    await put('c-unknown-instrument.json', { ...madrsFile('nb'), instrumentId: 'beck' });
    await put('d-good.json', madrsFile('nb'));
    await put('e-duplicate.json', madrsFile('nb'));
    const library = await loadInstrumentTextLibrary(dir);

    expect(library.refused.map((r) => [r.file, r.path])).toEqual([
      ['a-broken.json', ''],
      ['b-unknown-item.json', 'items.10'],
      ['c-unknown-instrument.json', 'instrumentId'],
      ['e-duplicate.json', 'language'],
    ]);
    expect(library.definition('madrs-s', 'nn')).toBeUndefined();
    expect(library.definition('madrs-s', 'nb')?.items[0]?.text).toBe('item 1');
  });
});
