import { create } from 'zustand';
import { applyTheme, prefersDark, readStoredTheme, storeTheme, type Theme } from '@/lib/theme';

interface ThemeState {
  theme: Theme;
  resolved: 'light' | 'dark';
  setTheme: (theme: Theme) => void;
}

function resolve(theme: Theme): 'light' | 'dark' {
  return theme === 'dark' || (theme === 'system' && prefersDark()) ? 'dark' : 'light';
}

export const useThemeSetting = create<ThemeState>((set) => ({
  theme: readStoredTheme(),
  resolved: resolve(readStoredTheme()),
  setTheme: (theme) => {
    storeTheme(theme);
    applyTheme(theme);
    set({ theme, resolved: resolve(theme) });
  },
}));

// Follow the system while the setting is "system".
if (typeof window !== 'undefined' && typeof window.matchMedia === 'function') {
  window.matchMedia('(prefers-color-scheme: dark)').addEventListener('change', () => {
    const { theme } = useThemeSetting.getState();
    if (theme === 'system') useThemeSetting.getState().setTheme('system');
  });
}
