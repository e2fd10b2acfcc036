import type { Translation } from '../nb';

export const team: Translation['team'] = {
  title: 'Team overview',
};
