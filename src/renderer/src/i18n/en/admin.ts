import type { Translation } from '../nb';

export const admin: Translation['admin'] = {
  title: 'Clinic set-up',
};
