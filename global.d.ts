import type en from './messages/en.json';
import type { Locale } from './lib/i18n/locales';

// Message keys are type-checked against the English catalog.
declare module 'next-intl' {
  interface AppConfig {
    Locale: Locale;
    Messages: typeof en;
  }
}
