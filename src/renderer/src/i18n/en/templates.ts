import type { Translation } from '../nb';

export const templates: Translation['templates'] = {
  title: 'Templates',
};
