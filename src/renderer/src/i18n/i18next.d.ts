import 'i18next';
import type { nb } from './nb';

// Typed keys: `t('no.such.key')` fails to compile.
declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: typeof nb };
  }
}
