import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Schedule } from '../api/providers';
import { WeeklyHours } from './weekly-hours';

function range(day: number, start: string, end: string, active = true): Schedule {
  return {
    id: `${day}-${start}`,
    provider_id: 'p-1',
    day_of_week: day,
    start_time: start,
    end_time: end,
    is_active: active,
  };
}

describe('WeeklyHours', () => {
  it('lists each weekday Monday first, several ranges in order, closed days and the zone', () => {
    render(
      <WeeklyHours
        timeZone="Asia/Makassar"
        locale="id"
        schedules={[
          range(1, '13:00', '17:00'),
          range(1, '08:00', '12:00'),
          range(6, '09:00', '24:00'),
          range(3, '10:00', '11:00', false),
        ]}
      />,
    );
    expect(screen.getByText('Menurut zona waktu Asia/Makassar.')).toBeInTheDocument();
    const days = screen.getAllByRole('term').map((d) => d.textContent);
    expect(days).toEqual(['Senin', 'Selasa', 'Rabu', 'Kamis', 'Jumat', 'Sabtu', 'Minggu']);
    const hours = screen.getAllByRole('definition').map((d) => d.textContent);
    expect(hours).toEqual([
      '08.00–12.00, 13.00–17.00',
      'Tutup',
      'Tutup', // an inactive range does not open the day
      'Tutup',
      'Tutup',
      '09.00–24.00',
      'Tutup',
    ]);
  });
});
