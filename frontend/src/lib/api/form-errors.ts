import type { FieldValues, Path, UseFormSetError } from 'react-hook-form';
import { isApiError } from '@/lib/api/errors';

// Puts the API's per-field problems (error.details) on the form fields they name; `rename`
// maps an API field to a form field where the two differ. Returns whether any field got one,
// so the caller shows the general message only when nothing more precise is on screen.
export function applyFieldErrors<T extends FieldValues>(
  error: unknown,
  setError: UseFormSetError<T>,
  fields: readonly Path<T>[],
  rename: Record<string, Path<T>> = {},
): boolean {
  if (!isApiError(error)) return false;
  let applied = false;
  for (const [apiField, message] of Object.entries(error.details)) {
    const field = rename[apiField] ?? (apiField as Path<T>);
    if (!fields.includes(field) || !message) continue;
    setError(field, { type: 'server', message });
    applied = true;
  }
  return applied;
}
