/** The patient view, the composer and the flags (Norwegian bokmål). */
export const patient = {
  title: 'Pasient',
  back: 'Tilbake til runden',
};
