// Runs before the app renders (a separate module in <head>, no inline script so the strict
// CSP holds), so a dark-mode visitor never sees a white flash.
import { applyTheme, readStoredTheme } from './lib/theme';

applyTheme(readStoredTheme());
