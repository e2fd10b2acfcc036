/** The team lead's screens (Norwegian bokmål). */
export const team = {
  title: 'Teamoversikt',
};
