import type { Translation } from '../nb';

export const templates: Translation['templates'] = {
  title: 'Insert a template',
  hint: 'Type to search. Arrow keys choose, Enter inserts, Esc closes.',
  search: 'Search templates',
  list: 'Templates',
  preview: 'The text as inserted',
  thisWeek: 'Week {{week}}',
  anyWeek: 'Any week',
  demo: 'Demo',
  loading: 'Loading templates …',
  noProgramme: 'The patient is in no programme, so there are no templates.',
  none: 'No templates for this programme.',
  noMatch: 'No template matches “{{query}}”.',
  count_one: '{{count}} template',
  count_other: '{{count}} templates',
  missing: 'Fill in yourself before sending:',
  placeholder: {
    fornavn: "the patient's first name",
    modul: "this week's module",
    terapeut: 'your name',
  },
};
