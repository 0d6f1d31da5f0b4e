// IANA zones for the business form: Indonesia's three first (WIB, WITA, WIT), then every zone
// the browser knows.
export const kIndonesianZones = ['Asia/Jakarta', 'Asia/Makassar', 'Asia/Jayapura'] as const;

export function timeZoneOptions(current?: string): string[] {
  let all: string[];
  try {
    all = Intl.supportedValuesOf('timeZone');
  } catch {
    all = [];
  }
  const rest = all.filter((z) => !(kIndonesianZones as readonly string[]).includes(z));
  const list: string[] = [...kIndonesianZones, ...rest];
  if (current && !list.includes(current)) list.push(current);
  return list;
}

// Today's date (YYYY-MM-DD) on the provider's wall clock.
export function todayIn(timeZone: string, now: Date = new Date()): string {
  try {
    return new Intl.DateTimeFormat('en-CA', { timeZone }).format(now);
  } catch {
    return new Intl.DateTimeFormat('en-CA').format(now);
  }
}
