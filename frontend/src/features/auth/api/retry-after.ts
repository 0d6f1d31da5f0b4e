// A Retry-After in seconds as the largest whole unit worth saying: "40 detik", "14 menit",
// "2 jam" (rounded up, so the user never tries again too early).
export function retryAfterParts(seconds: number): {
  unit: 'seconds' | 'minutes' | 'hours';
  count: number;
} {
  if (seconds < 60) return { unit: 'seconds', count: Math.max(1, Math.ceil(seconds)) };
  if (seconds < 3600) return { unit: 'minutes', count: Math.ceil(seconds / 60) };
  return { unit: 'hours', count: Math.ceil(seconds / 3600) };
}
