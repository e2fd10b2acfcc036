/** The composer's template palette (Norwegian bokmål). */
export const templates = {
  title: 'Maler',
};
