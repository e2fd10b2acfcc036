/** The administrator's screens (Norwegian bokmål). */
export const admin = {
  title: 'Klinikkoppsett',
  demoPortal: 'Demo: portalen har en oppdiktet klinikk med kjente passord. Ikke bruk ekte pasientdata.',
};
