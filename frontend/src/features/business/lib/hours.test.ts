import { describe, expect, it } from 'vitest';
import type { Schedule } from '../api/schemas';
import {
  copyDay,
  diffWeek,
  emptyWeek,
  overlappingIndexes,
  validateDay,
  weekFromSchedules,
  type TimeRange,
} from './hours';

function range(start: string, end: string, id: string | null = null): TimeRange {
  return { key: id ?? `${start}-${end}`, id, start, end };
}

function schedule(id: string, day: number, start: string, end: string, active = true): Schedule {
  return {
    id,
    provider_id: 'p',
    day_of_week: day,
    start_time: start,
    end_time: end,
    is_active: active,
  };
}

describe('overlap detection', () => {
  it('accepts touching ranges and flags overlapping ones', () => {
    expect(overlappingIndexes([range('09:00', '12:00'), range('12:00', '17:00')])).toEqual([]);
    expect(
      overlappingIndexes([
        range('09:00', '12:00'),
        range('13:00', '17:00'),
        range('11:30', '13:30'),
      ]),
    ).toEqual([0, 1, 2]);
  });

  it('treats 23:59 and 24:00 as the end of the day', () => {
    expect(validateDay([range('20:00', '24:00')])).toEqual([null]);
    expect(validateDay([range('20:00', '23:59'), range('23:59', '24:00')])).toEqual([
      'overlap',
      'overlap',
    ]);
  });

  it('names each problem on its range', () => {
    expect(
      validateDay([
        range('12:00', '09:00'),
        range('9:00', '10:00'),
        range('24:00', '24:00'),
        range('13:00', '15:00'),
        range('14:00', '16:00'),
      ]),
    ).toEqual(['endBeforeStart', 'invalidTime', 'startAtMidnight', 'overlap', 'overlap']);
  });
});

describe('copy to other days', () => {
  it('gives each target fresh copies and leaves the source and other days alone', () => {
    const week = emptyWeek();
    week[1] = [range('09:00', '12:00', 'a'), range('13:00', '17:00', 'b')];
    week[2] = [range('10:00', '11:00', 'c')];
    week[5] = [range('08:00', '09:00', 'd')];
    const next = copyDay(week, 1, [2, 3, 1]);
    expect(next[1]).toBe(week[1]);
    expect(next[5]).toBe(week[5]);
    for (const day of [2, 3]) {
      expect(next[day]?.map((r) => [r.id, r.start, r.end])).toEqual([
        [null, '09:00', '12:00'],
        [null, '13:00', '17:00'],
      ]);
    }
    const keys = new Set([...(next[2] ?? []), ...(next[3] ?? [])].map((r) => r.key));
    expect(keys.size).toBe(4);
  });
});

describe('diff from old to new ranges', () => {
  const before = [
    schedule('a', 1, '09:00:00', '12:00:00'),
    schedule('b', 1, '13:00', '17:00'),
    schedule('c', 2, '09:00', '17:00'),
    schedule('z', 3, '09:00', '10:00', false),
  ];

  it('does nothing for an unchanged week and ignores paused ranges', () => {
    expect(diffWeek(before, weekFromSchedules(before))).toEqual([]);
  });

  it('deletes, updates and creates, deletions first', () => {
    const week = weekFromSchedules(before);
    week[1] = [range('08:00', '12:00', 'a')];
    week[4] = [range('10:00', '14:00')];
    expect(
      diffWeek(before, week).map((op) => [op.kind, op.day, 'id' in op ? op.id : null]),
    ).toEqual([
      ['delete', 1, 'b'],
      ['update', 1, 'a'],
      ['create', 4, null],
    ]);
  });

  it('orders updates so that no step overlaps a standing range', () => {
    // 09-12 / 13-17 becomes 09-14 / 14-17: b must shrink before a grows.
    const week = weekFromSchedules(before);
    week[1] = [range('09:00', '14:00', 'a'), range('14:00', '17:00', 'b')];
    const ops = diffWeek(before, week);
    expect(ops.map((op) => [op.kind, 'id' in op ? op.id : null])).toEqual([
      ['update', 'b'],
      ['update', 'a'],
    ]);
  });

  it('turns a swap that can never fit into a deletion and a creation', () => {
    const week = weekFromSchedules(before);
    week[1] = [range('13:00', '17:00', 'a'), range('09:00', '12:00', 'b')];
    const kinds = diffWeek(before, week).map((op) => op.kind);
    expect(kinds).toEqual(['delete', 'delete', 'create', 'create']);
  });

  it('replaces a copied-over day: old ranges deleted before the copies are created', () => {
    const week = copyDay(weekFromSchedules(before), 1, [2]);
    const ops = diffWeek(before, week);
    expect(ops.map((op) => [op.kind, op.day])).toEqual([
      ['delete', 2],
      ['create', 2],
      ['create', 2],
    ]);
  });
});
