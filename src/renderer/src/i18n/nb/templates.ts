/** The composer's template palette (Norwegian bokmål). */
export const templates = {
  title: 'Sett inn mal',
  hint: 'Skriv for å søke. Piltastene velger, Enter setter inn, Esc lukker.',
  search: 'Søk i maler',
  list: 'Maler',
  preview: 'Slik blir teksten',
  thisWeek: 'Uke {{week}}',
  anyWeek: 'Alle uker',
  demo: 'Demo',
  loading: 'Henter maler …',
  noProgramme: 'Pasienten er ikke i et program, så det finnes ingen maler.',
  none: 'Ingen maler for dette programmet.',
  noMatch: 'Ingen maler passer «{{query}}».',
  count_one: '{{count}} mal',
  count_other: '{{count}} maler',
  missing: 'Fyll inn selv før du sender:',
  placeholder: {
    fornavn: 'pasientens fornavn',
    modul: 'ukens modul',
    terapeut: 'navnet ditt',
  },
};
