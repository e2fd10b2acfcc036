/** The symptom trend chart and its table (Norwegian bokmål). */
export const trend = {
  title: 'Symptomutvikling',
};
