import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startWorkstationRuntime } from '../../../../src/main/core/runtime';
import { SETTINGS_FILE } from '../../../../src/main/core/config';
import {
  loadMessageTemplates,
  loadModuleTitles,
  loadTemplateLibrary,
} from '../../../../src/main/core/templates/library';
import { moduleSchedules } from '../../../../src/shared/clinical';
import { Programme } from '../../../../src/shared/contracts/domain';
import { TEXT_MAX } from '../../../../src/shared/contracts/fields';
import { placeholderProblems } from '../../../../src/shared/templates';
import { MemorySecrets } from '../workstation/support/memory-secrets';

const SHIPPED_TEMPLATES = resolve('resources/templates');
const SHIPPED_PROGRAMMES = resolve('resources/programmes');

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'templates-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const put = async (file: string, text: string) => {
  await mkdir(dirname(join(dir, file)), { recursive: true });
  await writeFile(join(dir, file), text);
};

const template = (front: string, body = 'Hei {{fornavn}},\n\ntakk for denne uka.\n\nHilsen {{terapeut}}') =>
  `---\n${front}\n---\n\n${body}\n`;

const GOOD_FRONT = 'programme: panic\nweek: 3\ntitle: "Uke 3"';

describe('loading message templates', () => {
  it('reads each file: front matter, the text trimmed, an id from its path', async () => {
    await put('panic/uke-3.md', template(GOOD_FRONT));
    await put(
      'depression/alle/signatur.md',
      template('programme: depression\nweek: any\ntitle: Hilsen\ndemo: true', 'Hilsen {{ terapeut }}'),
    );
    await put('README.md', 'Not a template.');
    await put('panic/notes.txt', 'Not read either.');

    expect(await loadMessageTemplates(dir)).toEqual([
      {
        id: 'depression/alle/signatur.md',
        programme: 'depression',
        week: 'any',
        title: 'Hilsen',
        body: 'Hilsen {{ terapeut }}',
        demo: true,
      },
      {
        id: 'panic/uke-3.md',
        programme: 'panic',
        week: 3,
        title: 'Uke 3',
        body: 'Hei {{fornavn}},\n\ntakk for denne uka.\n\nHilsen {{terapeut}}',
        demo: false,
      },
    ]);
  });

  it('accepts an empty folder: a clinic need not use templates', async () => {
    expect(await loadMessageTemplates(dir)).toEqual([]);
  });

  it.each([
    ['unreadable YAML', template('programme: panic\ntitle: [unclosed'), /front matter is not readable YAML/],
    [
      'an unknown field',
      template(`${GOOD_FRONT}\nlanguage: nb`),
      /front matter: Unrecognized key: "language"/,
    ],
    ['no title', template('programme: panic\nweek: 3'), /title: /],
    ['an empty title', template('programme: panic\nweek: 3\ntitle: "  "'), /title: /],
    [
      'a title of two lines',
      template('programme: panic\nweek: 3\ntitle: "Uke\\n3"'),
      /title: must not contain control characters/,
    ],
    ['an unknown programme', template('programme: ocd\nweek: 3\ntitle: X'), /programme: /],
    ['week 0', template('programme: panic\nweek: 0\ntitle: X'), /week: /],
    ['week 15', template('programme: panic\nweek: 15\ntitle: X'), /week: /],
    ['a week in quotes', template('programme: panic\nweek: "3"\ntitle: X'), /week: /],
    ['no text', template(GOOD_FRONT, '   '), /the text /],
    [
      'a control character in the text',
      template(GOOD_FRONT, 'Hei\u0007 du'),
      /the text must not contain control characters/,
    ],
    ['a text longer than a message', template(GOOD_FRONT, 'x'.repeat(TEXT_MAX.message + 1)), /the text /],
    [
      'an unknown placeholder',
      template(GOOD_FRONT, 'Hei {{fornvan}}'),
      /unknown placeholder \{\{fornvan\}\}/,
    ],
    [
      'an unclosed placeholder',
      template(GOOD_FRONT, 'Hei {{fornavn}'),
      /"\{\{" or "\}\}" that is not part of a placeholder/,
    ],
  ])('refuses a file with %s, naming the file', async (_, text, reason) => {
    await put('panic/good.md', template('programme: panic\nweek: any\ntitle: God'));
    await put('panic/bad.md', text);
    const refused = loadMessageTemplates(dir);
    await expect(refused).rejects.toThrow(/panic\/bad\.md: /);
    await expect(refused).rejects.toThrow(reason);
    await expect(refused).rejects.not.toThrow(/good\.md/);
  });

  it('refuses a template outside its programme folder', async () => {
    await put('depression/panikk.md', template(GOOD_FRONT));
    await put('loose.md', template(GOOD_FRONT));
    const refused = loadMessageTemplates(dir);
    await expect(refused).rejects.toThrow(
      /depression\/panikk\.md: a panic template belongs in the folder panic\//,
    );
    await expect(refused).rejects.toThrow(/loose\.md: a panic template belongs in the folder panic\//);
  });

  it('refuses two templates the palette could not tell apart, naming both files', async () => {
    await put('panic/a.md', template(GOOD_FRONT));
    await put('panic/b.md', template(GOOD_FRONT));
    await put('panic/c.md', template('programme: panic\nweek: 4\ntitle: "Uke 3"'));
    await expect(loadMessageTemplates(dir)).rejects.toThrow(
      /^message templates in .* refused:\n {2}panic\/b\.md: the title "Uke 3" is already used in panic\/a\.md for the same week$/,
    );
  });

  it('lists every bad file in one error', async () => {
    await put('panic/a.md', template(GOOD_FRONT, 'Hei {{navn}}'));
    await put('social-anxiety/b.md', template('programme: social-anxiety\nweek: 99\ntitle: X'));
    await expect(loadMessageTemplates(dir)).rejects.toThrow(/panic\/a\.md: .*\n {2}social-anxiety\/b\.md: /);
  });

  it('names a folder it cannot read', async () => {
    await expect(loadMessageTemplates(join(dir, 'missing'))).rejects.toThrow(
      /message template folder .*missing cannot be read/,
    );
  });
});

describe('the shipped templates', () => {
  it('load, 3 to 5 per programme, each marked as demo content, using only known placeholders', async () => {
    const templates = await loadMessageTemplates(SHIPPED_TEMPLATES);
    for (const programme of Programme.options) {
      const mine = templates.filter((t) => t.programme === programme);
      expect(mine.length, programme).toBeGreaterThanOrEqual(3);
      expect(mine.length, programme).toBeLessThanOrEqual(5);
      expect(
        mine.some((t) => t.week === 'any'),
        programme,
      ).toBe(true);
    }
    for (const t of templates) {
      expect(t.demo, t.id).toBe(true);
      expect(placeholderProblems(t.body), t.id).toEqual([]);
    }
  });
});

describe('module titles', () => {
  it('come from the programme content, one for every scheduled module', async () => {
    const modules = await loadModuleTitles(SHIPPED_PROGRAMMES);
    for (const programme of Programme.options) {
      expect(modules.filter((m) => m.programme === programme).map((m) => m.moduleNo)).toEqual(
        moduleSchedules[programme].map((slot) => slot.moduleNo),
      );
    }
    expect(modules).toContainEqual({ programme: 'panic', moduleNo: 1, title: 'Velkommen: om panikk' });
  });
});

describe('the workstation at start', () => {
  const start = (userDataDir: string) =>
    startWorkstationRuntime({
      userDataDir,
      resourcesDir: resolve('resources'),
      app: { name: 'test', version: '0.0.0' },
      // A configured portal that is never reached: nobody signs in here.
      env: { PORTAL_URL: 'http://127.0.0.1:9' },
      secrets: new MemorySecrets(),
    });

  it('offers the shipped templates and module titles over IPC as templates.list', async () => {
    const runtime = await start(dir);
    try {
      const answer = await runtime.router.invoke('templates.list', {});
      expect(answer).toEqual({
        ok: true,
        value: await loadTemplateLibrary({
          templatesDir: SHIPPED_TEMPLATES,
          programmesDir: SHIPPED_PROGRAMMES,
        }),
      });
    } finally {
      await runtime.close();
    }
  });

  it("refuses to start on a bad file in the clinic's own folder, naming the file and the reason", async () => {
    const clinic = join(dir, 'clinic-templates');
    await mkdir(join(clinic, 'panic'), { recursive: true });
    await writeFile(join(clinic, 'panic', 'feil.md'), template(GOOD_FRONT, 'Hei {{pasient}}'));
    await writeFile(join(dir, SETTINGS_FILE), JSON.stringify({ templatesDir: clinic }));
    await expect(start(dir)).rejects.toThrow(/panic\/feil\.md: unknown placeholder \{\{pasient\}\}/);
  });
});
