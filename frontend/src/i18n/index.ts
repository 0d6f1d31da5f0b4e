import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { idResources, type Namespace } from './resources';

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

const initialised = i18n.use(initReactI18next).init({
  resources: { id: idResources },
  partialBundledLanguages: true,
  lng: 'id',
  fallbackLng: { id: ['en'], en: ['id'], default: ['id'] },
  ns: Object.keys(idResources),
  defaultNS: 'common',
  interpolation: { escapeValue: false },
  returnNull: false,
  react: { useSuspense: false },
});

i18n.on('languageChanged', (lng) => {
  document.documentElement.lang = lng;
});
document.documentElement.lang = i18n.language;

let english: Promise<void> | null = null;

// Fetches the English chunk once and hands its catalogues to i18next.
function loadEnglish(): Promise<void> {
  english ??= import('./english').then(({ enResources }) => {
    for (const [ns, bundle] of Object.entries(enResources)) {
      i18n.addResourceBundle('en', ns as Namespace, bundle, true, true);
    }
  });
  return english;
}

async function applyLocale(locale: AppLocale): Promise<void> {
  if (locale === 'en') await loadEnglish();
  await i18n.changeLanguage(locale);
}

// Resolves when the remembered language is ready: main.tsx renders after it, so a visitor who
// chose English never sees an Indonesian first frame.
export const i18nReady: Promise<void> = initialised.then(() => applyLocale(storedLocale()));

export async function changeLocale(locale: AppLocale): Promise<void> {
  rememberLocale(locale);
  await applyLocale(locale);
}

export default i18n;
