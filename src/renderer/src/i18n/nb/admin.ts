/** The administrator's screens (Norwegian bokmål). */
export const admin = {
  title: 'Klinikkoppsett',
};
