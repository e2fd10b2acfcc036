import type { Translation } from '../nb';

export const patient: Translation['patient'] = {
  title: 'Patient',
  back: 'Back to the round',
};
