import type { TFunction } from 'i18next';
import { z } from 'zod/mini';

// Field rules the provider forms share, with their messages in the business namespace.
export function wholeNumber(t: TFunction<'business'>, min: number, max: number) {
  return z.number({ error: t('form.errors.number') }).check(
    z.refine((v) => Number.isInteger(v), t('form.errors.whole')),
    z.gte(min, t('form.errors.range', { min, max })),
    z.lte(max, t('form.errors.range', { min, max })),
  );
}

// Trimmed, not blank, at most `max` characters (the API's names and titles).
export function requiredText(t: TFunction<'business'>, max: number) {
  return z
    .string()
    .check(
      z.trim(),
      z.minLength(1, t('form.errors.required')),
      z.maxLength(max, t('form.errors.tooLong', { max })),
    );
}
