import type { Translation } from '../nb';

export const admin: Translation['admin'] = {
  title: 'Clinic set-up',
  demoPortal:
    'Demo: this portal holds a made-up clinic with published passwords. Do not enter real patient data.',
};
