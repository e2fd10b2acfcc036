import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_PROGRAMME_CONTENT_DIR } from '../../src/portal/app';
import { loadProgrammeContent } from '../../src/portal/content/programmeContent';
import { startPortal } from '../../src/portal/server';
import { moduleSchedules } from '../../src/shared/clinical/index';

describe('programme content files', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'programme-content-'));
    await cp(DEFAULT_PROGRAMME_CONTENT_DIR, dir, { recursive: true });
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  const edit = async (file: string, change: (text: string) => string) =>
    writeFile(join(dir, file), change(await readFile(join(dir, file), 'utf8')));

  it('loads the demo programmes: every scheduled module, marked as demo content', async () => {
    const content = await loadProgrammeContent(DEFAULT_PROGRAMME_CONTENT_DIR);
    for (const [programme, schedule] of Object.entries(moduleSchedules)) {
      for (const slot of schedule) {
        const module = content.module(programme as keyof typeof moduleSchedules, slot.moduleNo);
        expect(module, `${programme} ${slot.moduleNo}`).toMatchObject({ dueWeek: slot.dueWeek, demo: true });
        expect(module!.html).toContain('Demoinnhold');
        expect(module!.homework.fields.length).toBeGreaterThan(0);
      }
    }
  });

  it('shows raw HTML in a content file as text, never as markup', async () => {
    await edit('panic/01.md', (text) => `${text}\n<script>alert(1)</script>\n`);
    const content = await loadProgrammeContent(dir);
    expect(content.module('panic', 1)!.html).not.toContain('<script>');
    expect(content.module('panic', 1)!.html).toContain('&lt;script&gt;');
  });

  it.each([
    ['a missing title', (t: string) => t.replace(/^title: .*\n/m, ''), /panic\/01\.md: title/],
    [
      'a week off the schedule',
      (t: string) => t.replace(/^week: 1$/m, 'week: 2'),
      /panic\/01\.md: week 2 does not match/,
    ],
    [
      'an unknown programme',
      (t: string) => t.replace(/^programme: panic$/m, 'programme: ocd'),
      /panic\/01\.md: programme/,
    ],
    [
      'broken YAML',
      (t: string) => t.replace(/^title: .*$/m, 'title: [unclosed'),
      /panic\/01\.md: front matter is not readable/,
    ],
    [
      'homework without fields',
      (t: string) => t.replace(/ {2}fields:[\s\S]*?---/, '  fields: []\n---'),
      /panic\/01\.md: homework\.fields/,
    ],
  ])('refuses %s, naming the file and the reason', async (_what, change, message) => {
    await edit('panic/01.md', change);
    await expect(loadProgrammeContent(dir)).rejects.toThrow(message);
  });

  it('refuses a module given twice and a module missing', async () => {
    await cp(join(dir, 'depression/02.md'), join(dir, 'depression/02-copy.md'));
    await rm(join(dir, 'depression/03.md'));
    const refused = loadProgrammeContent(dir);
    await expect(refused).rejects.toThrow(
      /depression\/02\.md: depression module 2 is already in depression\/02-copy\.md|depression\/02-copy\.md: depression module 2 is already in/,
    );
    await expect(loadProgrammeContent(dir)).rejects.toThrow(/depression module 3: no content file/);
  });

  it('stops the portal start on a bad file, before the database is opened', async () => {
    await edit('social-anxiety/05.md', (t) => t.replace(/^module: 5$/m, 'module: 12'));
    await expect(
      startPortal({ port: 0, dataDir: 'memory://', logLevel: 'silent', programmeContentDir: dir }),
    ).rejects.toThrow(/social-anxiety\/05\.md: module/);
  });
});
