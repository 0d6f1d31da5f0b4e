import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { resources } from './resources';

// Indonesian by default; the choice is remembered in localStorage (and, when signed in, in
// the profile's locale). A missing key falls back to the other language, never to the key.
export const kLocales = ['id', 'en'] as const;
export type AppLocale = (typeof kLocales)[number];
const kLocaleKey = 'janji.locale';

export function storedLocale(): AppLocale {
  try {
    const v = localStorage.getItem(kLocaleKey);
    if (v === 'id' || v === 'en') return v;
  } catch {
    // Storage blocked: use the default.
  }
  return 'id';
}

export function rememberLocale(locale: AppLocale): void {
  try {
    localStorage.setItem(kLocaleKey, locale);
  } catch {
    // Not remembered across visits, still applied now.
  }
}

void i18n.use(initReactI18next).init({
  resources,
  lng: storedLocale(),
  fallbackLng: { id: ['en'], en: ['id'], default: ['id'] },
  ns: Object.keys(resources.id),
  defaultNS: 'common',
  interpolation: { escapeValue: false },
  returnNull: false,
  react: { useSuspense: false },
});

i18n.on('languageChanged', (lng) => {
  document.documentElement.lang = lng;
});
document.documentElement.lang = i18n.language;

export async function changeLocale(locale: AppLocale): Promise<void> {
  rememberLocale(locale);
  await i18n.changeLanguage(locale);
}

export default i18n;
