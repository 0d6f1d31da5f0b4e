export type Theme = 'light' | 'dark' | 'system';

const kThemeKey = 'janji.theme';

export function readStoredTheme(): Theme {
  try {
    const stored = localStorage.getItem(kThemeKey);
    if (stored === 'light' || stored === 'dark' || stored === 'system') return stored;
  } catch {
    // Storage may be blocked (private mode): fall back to the system preference.
  }
  return 'system';
}

export function storeTheme(theme: Theme): void {
  try {
    localStorage.setItem(kThemeKey, theme);
  } catch {
    // Not remembered, but still applied for this visit.
  }
}

export function prefersDark(): boolean {
  return typeof window.matchMedia === 'function'
    ? window.matchMedia('(prefers-color-scheme: dark)').matches
    : false;
}

export function applyTheme(theme: Theme): void {
  const dark = theme === 'dark' || (theme === 'system' && prefersDark());
  document.documentElement.classList.toggle('dark', dark);
  document.documentElement.classList.toggle('light', !dark);
  document.documentElement.style.colorScheme = dark ? 'dark' : 'light';
}
