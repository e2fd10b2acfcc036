import { describe, expect, it } from 'vitest';
import { PROGRAMME_WEEKS, instrumentIds, instruments } from '@shared/clinical';
import { en } from '../../src/renderer/src/i18n/en';
import { nb } from '../../src/renderer/src/i18n/nb';

const languages = { nb, en };

/** Every leaf as [dotted key, text]. */
function leaves(tree: object, prefix = ''): [string, string][] {
  return Object.entries(tree).flatMap(([key, value]: [string, unknown]) =>
    typeof value === 'string' ? [[`${prefix}${key}`, value]] : leaves(value as object, `${prefix}${key}.`),
  );
}

const placeholders = (text: string) => [...text.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();

describe('renderer translations', () => {
  it('English has exactly the bokmål keys, each with the same placeholders', () => {
    const nbLeaves = new Map(leaves(nb));
    const enLeaves = new Map(leaves(en));
    expect([...enLeaves.keys()].sort()).toEqual([...nbLeaves.keys()].sort());
    for (const [key, text] of nbLeaves)
      expect([key, placeholders(enLeaves.get(key) ?? '')]).toEqual([key, placeholders(text)]);
  });

  it.each(Object.entries(languages))('%s names every band of every instrument', (_, t) => {
    for (const def of Object.values(instruments)) {
      for (const band of def.bands) expect(Object.keys(t.band), `${def.id} ${band.id}`).toContain(band.id);
    }
  });

  it.each(Object.entries(languages))('%s describes every instrument by its short name', (_, t) => {
    expect(Object.keys(t.instrument).sort()).toEqual([...instrumentIds].sort());
    for (const id of instrumentIds) expect(t.instrument[id]).toContain(id.toUpperCase());
  });

  it.each(Object.entries(languages))('%s takes the programme length as a value, not a literal', (_, t) => {
    expect(placeholders(t.queue.week)).toEqual(['week', 'weeks']);
    expect(t.queue.week).not.toContain(String(PROGRAMME_WEEKS));
  });
});
