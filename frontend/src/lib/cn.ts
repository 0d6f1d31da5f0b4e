import { clsx, type ClassValue } from 'clsx';

// Joins class names. No tailwind-merge (9 kB gzip on every page): components put their
// defaults first and callers do not pass classes that conflict with them.
export function cn(...inputs: ClassValue[]): string {
  return clsx(inputs);
}
