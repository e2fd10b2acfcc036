import { describe, expect, it } from 'vitest';
import {
  fillTemplate,
  type MessageTemplate,
  moduleTitleFor,
  placeholderProblems,
  searchTemplates,
  templatesFor,
  type TemplateValues,
} from '../../src/shared/templates';

const values: TemplateValues = {
  patientFirstName: 'Kari',
  moduleTitle: 'Kroppens alarm',
  therapistName: 'Ola Nordmann',
};

describe('filling a template', () => {
  it('fills every placeholder, spaces inside the braces or not', () => {
    expect(
      fillTemplate('Hei {{fornavn}}, om «{{ modul }}».\nHilsen {{terapeut}} ({{fornavn}})', values),
    ).toEqual({
      text: 'Hei Kari, om «Kroppens alarm».\nHilsen Ola Nordmann (Kari)',
      missing: [],
    });
  });

  it('leaves a placeholder with no value as written, and says which', () => {
    expect(
      fillTemplate('Hei {{fornavn}}, om «{{modul}}» og {{modul}}.', { ...values, moduleTitle: null }),
    ).toEqual({
      text: 'Hei Kari, om «{{modul}}» og {{modul}}.',
      missing: ['modul'],
    });
    expect(fillTemplate('Hilsen {{terapeut}}', { ...values, therapistName: '   ' }).missing).toEqual([
      'terapeut',
    ]);
  });

  it('fills in one pass: a value holding braces is not filled again', () => {
    expect(fillTemplate('{{fornavn}} {{modul}}', { ...values, patientFirstName: '{{modul}}' }).text).toBe(
      '{{modul}} Kroppens alarm',
    );
  });

  it('keeps text without placeholders as it is', () => {
    expect(fillTemplate('Takk for denne uka.', values)).toEqual({ text: 'Takk for denne uka.', missing: [] });
  });
});

describe('placeholder problems', () => {
  it('accepts the known placeholders', () => {
    expect(placeholderProblems('{{fornavn}} {{ modul }} {{terapeut}}')).toEqual([]);
  });

  it.each([
    ['Hei {{navn}}', /unknown placeholder \{\{navn\}\}/],
    ['Hei {{Fornavn}}', /unknown placeholder \{\{Fornavn\}\}/],
    ['Hei {{}}', /unknown placeholder \{\{\}\}/],
    ['Hei {{fornavn}', /not part of a placeholder/],
    ['Hei fornavn}}', /not part of a placeholder/],
    ['Hei {{for navn}}', /not part of a placeholder/],
  ])('refuses %j', (body, problem) => {
    expect(placeholderProblems(body).join('\n')).toMatch(problem);
  });
});

const t = (
  id: string,
  programme: MessageTemplate['programme'],
  week: MessageTemplate['week'],
  title: string,
  body = '',
) => ({ id, programme, week, title, body, demo: true }) satisfies MessageTemplate;

const library = [
  t('a', 'panic', 'any', 'Ukentlig tilbakemelding', 'Takk for uka, {{fornavn}}.'),
  t('b', 'panic', 3, 'Panikksirkelen', 'Om sirkelen av tanker og kropp.'),
  t('c', 'panic', 'any', 'Hilsen', 'Hilsen {{terapeut}}'),
  t('d', 'depression', 'any', 'Aktivitet', 'Om aktivitet.'),
  t('e', 'panic', 4, 'Katastrofetanker', 'Om tanker.'),
];

describe('which templates a patient gets', () => {
  it("offers this week's templates of the programme first, then those for any week, by title", () => {
    expect(templatesFor(library, 'panic', 3).map((x) => x.id)).toEqual(['b', 'c', 'a']);
  });

  it('offers only the any-week templates outside the programme weeks', () => {
    expect(templatesFor(library, 'panic', null).map((x) => x.id)).toEqual(['c', 'a']);
  });

  it('finds by every typed word, in the title first, then in the text', () => {
    const panic = templatesFor(library, 'panic', 3);
    expect(searchTemplates(panic, '').map((x) => x.id)).toEqual(['b', 'c', 'a']);
    expect(searchTemplates(panic, 'PANIKK').map((x) => x.id)).toEqual(['b']);
    expect(searchTemplates(panic, 'uka').map((x) => x.id)).toEqual(['a']);
    expect(searchTemplates(panic, 'tilbakemelding takk').map((x) => x.id)).toEqual(['a']);
    expect(searchTemplates(panic, 'hilsen').map((x) => x.id)).toEqual(['c']);
    expect(searchTemplates(panic, 'sirkelen kropp').map((x) => x.id)).toEqual(['b']);
    expect(searchTemplates(panic, 'ingenting slikt')).toEqual([]);
  });
});

describe("this week's module title", () => {
  const modules = [
    { programme: 'panic' as const, moduleNo: 4, title: 'Katastrofetanker' },
    { programme: 'panic' as const, moduleNo: 5, title: 'Trygghetsatferd' },
  ];

  it("is the module due by the week's end, by the programme's schedule", () => {
    // Panic: module 4 is due in week 4, module 5 in week 6.
    expect(moduleTitleFor(modules, 'panic', 4)).toBe('Katastrofetanker');
    expect(moduleTitleFor(modules, 'panic', 5)).toBe('Trygghetsatferd');
    expect(moduleTitleFor(modules, 'panic', 6)).toBe('Trygghetsatferd');
  });

  it('is unknown outside the programme weeks, after the last module, or without its title', () => {
    expect(moduleTitleFor(modules, 'panic', null)).toBeNull();
    expect(moduleTitleFor(modules, 'panic', 14)).toBeNull();
    expect(moduleTitleFor(modules, 'depression', 4)).toBeNull();
  });
});
