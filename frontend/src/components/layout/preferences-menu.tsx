import { Languages, Monitor, Moon, Sun } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import { useThemeSetting } from '@/app/theme-setting';
import { changeLocale, type AppLocale } from '@/i18n';
import type { Theme } from '@/lib/theme';
import { cn } from '@/lib/cn';

const kThemes: { value: Theme; icon: typeof Sun }[] = [
  { value: 'light', icon: Sun },
  { value: 'dark', icon: Moon },
  { value: 'system', icon: Monitor },
];

interface PreferencesProps {
  onLocaleChange?: (locale: AppLocale) => void;
}

// Language and theme: two small radio groups, reachable by keyboard, remembered per browser.
export function Preferences({ onLocaleChange }: PreferencesProps) {
  const { t, i18n } = useTranslation();
  const theme = useThemeSetting((s) => s.theme);
  const setTheme = useThemeSetting((s) => s.setTheme);
  const current = i18n.language === 'en' ? 'en' : 'id';

  return (
    <div className="flex flex-wrap items-center gap-3">
      <label className="flex items-center gap-1.5 text-sm">
        <Languages className="size-4" aria-hidden="true" />
        <span className="sr-only">{t('language.label')}</span>
        <select
          className="h-9 rounded-md border border-input bg-background px-2 text-sm"
          value={current}
          onChange={(e) => {
            const locale = e.target.value === 'en' ? 'en' : 'id';
            void changeLocale(locale);
            onLocaleChange?.(locale);
          }}
        >
          <option value="id">{t('language.id')}</option>
          <option value="en">{t('language.en')}</option>
        </select>
      </label>
      <div role="radiogroup" aria-label={t('theme.label')} className="flex rounded-md border">
        {kThemes.map(({ value, icon: Icon }) => (
          <button
            key={value}
            type="button"
            role="radio"
            aria-checked={theme === value}
            title={t(`theme.${value}`)}
            onClick={() => setTheme(value)}
            className={cn(
              'flex h-9 w-9 items-center justify-center first:rounded-l-md last:rounded-r-md focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring',
              theme === value ? 'bg-secondary text-secondary-foreground' : 'hover:bg-accent',
            )}
          >
            <Icon className="size-4" aria-hidden="true" />
            <span className="sr-only">{t(`theme.${value}`)}</span>
          </button>
        ))}
      </div>
    </div>
  );
}
