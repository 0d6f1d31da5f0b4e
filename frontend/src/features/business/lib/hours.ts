import type { Schedule } from '../api/schemas';

// The weekly-hours editor's model and its pure rules: a day holds several ranges, each
// checked before sending (well-formed times, start before end, no overlap within the day),
// and saving turns the edit into the fewest schedule calls the API needs.

export interface TimeRange {
  key: string; // stable client key (React key, where errors are shown)
  id: string | null; // the schedule's id once it exists on the server
  start: string; // 'HH:MM'
  end: string; // 'HH:MM', '24:00' allowed
}

export type Week = Record<number, TimeRange[]>;

// Monday first, as Indonesian calendars show it; the API counts 0 = Sunday.
export const kWeekdays = [1, 2, 3, 4, 5, 6, 0] as const;

const kTimePattern = /^([01][0-9]|2[0-3]):[0-5][0-9]$|^24:00$/;

export function isTimeOfDay(value: string): boolean {
  return kTimePattern.test(value);
}

// The API may answer 'HH:MM:SS'; the editor works in 'HH:MM'.
export function normalizeTime(value: string): string {
  return value.length > 5 ? value.slice(0, 5) : value;
}

export function toMinutes(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
}

// As an end, 23:59 is the end of the day for the API (and 24:00 is too).
export function endMinutes(hhmm: string): number {
  return hhmm === '23:59' ? 1440 : toMinutes(hhmm);
}

export type RangeError = 'invalidTime' | 'startAtMidnight' | 'endBeforeStart' | 'overlap';

// One error (or null) per range of a day, in the day's order.
export function validateDay(ranges: readonly TimeRange[]): (RangeError | null)[] {
  const errors: (RangeError | null)[] = ranges.map((r) => {
    if (!isTimeOfDay(r.start) || !isTimeOfDay(r.end)) return 'invalidTime';
    if (r.start === '24:00') return 'startAtMidnight';
    if (toMinutes(r.start) >= endMinutes(r.end)) return 'endBeforeStart';
    return null;
  });
  for (const i of overlappingIndexes(ranges)) {
    if (errors[i] === null) errors[i] = 'overlap';
  }
  return errors;
}

// Indexes of well-formed ranges that overlap another one of the same day; touching ranges
// (09:00-12:00 and 12:00-17:00) are fine, as for the API.
export function overlappingIndexes(ranges: readonly TimeRange[]): number[] {
  const valid = ranges
    .map((r, index) => ({ index, start: toMinutes(r.start), end: endMinutes(r.end), r }))
    .filter((x) => isTimeOfDay(x.r.start) && isTimeOfDay(x.r.end) && x.start < x.end);
  const out = new Set<number>();
  for (let i = 0; i < valid.length; i += 1) {
    for (let j = i + 1; j < valid.length; j += 1) {
      const a = valid[i];
      const b = valid[j];
      if (a && b && a.start < b.end && b.start < a.end) {
        out.add(a.index);
        out.add(b.index);
      }
    }
  }
  return [...out].sort((x, y) => x - y);
}

export function weekIsValid(week: Week): boolean {
  return kWeekdays.every((day) => validateDay(week[day] ?? []).every((e) => e === null));
}

let keyCounter = 0;
export function newKey(): string {
  keyCounter += 1;
  return `r${keyCounter}`;
}

export function emptyWeek(): Week {
  return { 0: [], 1: [], 2: [], 3: [], 4: [], 5: [], 6: [] };
}

// The editor's week from the server's active ranges, each day sorted by start.
export function weekFromSchedules(schedules: readonly Schedule[]): Week {
  const week = emptyWeek();
  for (const s of schedules) {
    if (!s.is_active) continue;
    week[s.day_of_week]?.push({
      key: s.id,
      id: s.id,
      start: normalizeTime(s.start_time),
      end: normalizeTime(s.end_time),
    });
  }
  for (const day of kWeekdays) week[day]?.sort((a, b) => toMinutes(a.start) - toMinutes(b.start));
  return week;
}

// "Copy this day to ...": each target day gets fresh copies of the source day's ranges
// (its own old ranges are dropped, so saving deletes them first and nothing overlaps).
export function copyDay(week: Week, from: number, targets: readonly number[]): Week {
  const next: Week = { ...week };
  const source = week[from] ?? [];
  for (const day of targets) {
    if (day === from) continue;
    next[day] = source.map((r) => ({ key: newKey(), id: null, start: r.start, end: r.end }));
  }
  return next;
}

export type ScheduleOp =
  | { kind: 'delete'; id: string; day: number }
  | { kind: 'update'; id: string; key: string; day: number; start: string; end: string }
  | { kind: 'create'; key: string; day: number; start: string; end: string };

interface Span {
  start: number;
  end: number;
}

function overlaps(a: Span, b: Span): boolean {
  return a.start < b.end && b.start < a.end;
}

// The calls that turn the server's active ranges (`before`) into the edited week, in an
// order the API accepts at every step: deletions first, then updates that fit among the
// ranges standing at that moment, then creations. An update that can never fit (two ranges
// swapping places) becomes a deletion plus a creation.
export function diffWeek(before: readonly Schedule[], week: Week): ScheduleOp[] {
  const active = before.filter((s) => s.is_active);
  const kept = new Set<string>();
  const deletes: ScheduleOp[] = [];
  const pendingUpdates: Extract<ScheduleOp, { kind: 'update' }>[] = [];
  const creates: Extract<ScheduleOp, { kind: 'create' }>[] = [];
  const byId = new Map(active.map((s) => [s.id, s]));

  for (const day of kWeekdays) {
    for (const r of week[day] ?? []) {
      const old = r.id ? byId.get(r.id) : undefined;
      if (!old) {
        creates.push({ kind: 'create', key: r.key, day, start: r.start, end: r.end });
        continue;
      }
      kept.add(old.id);
      const same =
        old.day_of_week === day &&
        normalizeTime(old.start_time) === r.start &&
        normalizeTime(old.end_time) === r.end;
      if (!same) {
        pendingUpdates.push({
          kind: 'update',
          id: old.id,
          key: r.key,
          day,
          start: r.start,
          end: r.end,
        });
      }
    }
  }
  for (const s of active) {
    if (!kept.has(s.id)) deletes.push({ kind: 'delete', id: s.id, day: s.day_of_week });
  }

  // What stands on the server as the calls go: id -> day and span.
  const standing = new Map<string, { day: number } & Span>();
  for (const s of active) {
    if (kept.has(s.id)) {
      standing.set(s.id, {
        day: s.day_of_week,
        start: toMinutes(normalizeTime(s.start_time)),
        end: endMinutes(normalizeTime(s.end_time)),
      });
    }
  }
  const updates: ScheduleOp[] = [];
  let queue = pendingUpdates;
  for (;;) {
    const stuck: typeof queue = [];
    for (const u of queue) {
      const span = { start: toMinutes(u.start), end: endMinutes(u.end) };
      const clash = [...standing].some(
        ([id, s]) => id !== u.id && s.day === u.day && overlaps(s, span),
      );
      if (clash) {
        stuck.push(u);
      } else {
        updates.push({
          kind: 'update',
          id: u.id,
          key: u.key,
          day: u.day,
          start: u.start,
          end: u.end,
        });
        standing.set(u.id, { day: u.day, ...span });
      }
    }
    if (stuck.length === 0 || stuck.length === queue.length) {
      for (const u of stuck) {
        deletes.push({ kind: 'delete', id: u.id, day: u.day });
        creates.push({ kind: 'create', key: u.key, day: u.day, start: u.start, end: u.end });
      }
      break;
    }
    queue = stuck;
  }
  return [...deletes, ...updates, ...creates];
}
