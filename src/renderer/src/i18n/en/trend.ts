import type { Translation } from '../nb';

export const trend: Translation['trend'] = {
  title: 'Symptom trend',
};
