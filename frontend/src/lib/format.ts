// Every date, time and amount the app shows goes through here, so both locales format alike.
import type { Locale } from './api/schemas';

const kIntlLocale: Record<Locale, string> = { id: 'id-ID', en: 'en-GB' };

export function intlLocale(locale: string): string {
  return locale === 'en' ? kIntlLocale.en : kIntlLocale.id;
}

// Prices are whole rupiah (the API's integer `price`).
export function formatRupiah(amount: number, locale: string): string {
  return new Intl.NumberFormat(intlLocale(locale), {
    style: 'currency',
    currency: 'IDR',
    maximumFractionDigits: 0,
    minimumFractionDigits: 0,
  }).format(amount);
}

// A calendar date 'YYYY-MM-DD' is a day, not an instant: format it in UTC so no browser time
// zone can move it to the day before.
export function parseIsoDate(iso: string): Date {
  const [y, m, d] = iso.split('-').map(Number);
  return new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1));
}

export function toIsoDate(date: Date): string {
  const y = date.getFullYear();
  const m = String(date.getMonth() + 1).padStart(2, '0');
  const d = String(date.getDate()).padStart(2, '0');
  return `${y}-${m}-${d}`;
}

export type DateStyle = 'long' | 'medium' | 'short' | 'weekday';

export function formatDate(iso: string, locale: string, style: DateStyle = 'long'): string {
  const options: Intl.DateTimeFormatOptions =
    style === 'weekday'
      ? { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }
      : style === 'long'
        ? { day: 'numeric', month: 'long', year: 'numeric' }
        : style === 'medium'
          ? { weekday: 'short', day: 'numeric', month: 'short' }
          : { day: 'numeric', month: 'numeric', year: 'numeric' };
  return new Intl.DateTimeFormat(intlLocale(locale), { ...options, timeZone: 'UTC' }).format(
    parseIsoDate(iso),
  );
}

// Provider-local wall-clock 'HH:MM' as the API sends it. Both locales use the 24-hour clock
// (Indonesian writes 09.00: follow the locale's separator).
export function formatTime(hhmm: string, locale: string): string {
  return locale === 'id' ? hhmm.replace(':', '.') : hhmm;
}

// An instant (RFC 3339) shown in a given time zone.
export function formatInstant(iso: string, locale: string, timeZone?: string): string {
  return new Intl.DateTimeFormat(intlLocale(locale), {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
    timeZone,
  }).format(new Date(iso));
}

export function formatMonth(date: Date, locale: string): string {
  return new Intl.DateTimeFormat(intlLocale(locale), { month: 'long', year: 'numeric' }).format(
    date,
  );
}

export function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

// Minutes as "1 jam 30 menit" / "1 h 30 min" via the caller's translations.
export function splitMinutes(total: number): { hours: number; minutes: number } {
  return { hours: Math.floor(total / 60), minutes: total % 60 };
}
