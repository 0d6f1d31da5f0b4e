import 'i18next';
import type { idResources } from './resources';

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'common';
    resources: typeof idResources;
    returnNull: false;
  }
}
