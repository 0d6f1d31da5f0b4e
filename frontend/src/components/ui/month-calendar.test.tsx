import { useState } from 'react';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { MonthCalendar, type DayInfo } from './month-calendar';

interface HarnessProps {
  initial: Date;
  onSelect?: (iso: string) => void;
  dayInfo?: (iso: string) => DayInfo;
  minMonth?: Date;
  maxMonth?: Date;
  locale?: string;
}

// The calendar is controlled: this keeps the month and selection like a page would.
function Harness({ initial, onSelect, dayInfo, minMonth, maxMonth, locale = 'id' }: HarnessProps) {
  const [month, setMonth] = useState(initial);
  const [selected, setSelected] = useState<string | undefined>(undefined);
  return (
    <MonthCalendar
      month={month}
      onMonthChange={setMonth}
      selected={selected}
      onSelect={(iso) => {
        setSelected(iso);
        onSelect?.(iso);
      }}
      locale={locale}
      {...(dayInfo ? { dayInfo } : {})}
      {...(minMonth ? { minMonth } : {})}
      {...(maxMonth ? { maxMonth } : {})}
    />
  );
}

describe('MonthCalendar', () => {
  it('shows six weeks, Monday first, with full Indonesian names and marks', () => {
    render(
      <Harness
        initial={new Date(2026, 11, 14)}
        dayInfo={(iso) =>
          iso === '2026-12-14' ? { tone: 'available', label: 'ada slot kosong' } : {}
        }
      />,
    );
    expect(screen.getByRole('grid')).toHaveAccessibleName('Desember 2026');
    expect(screen.getAllByRole('row')).toHaveLength(7); // header + 6 weeks
    expect(screen.getAllByRole('columnheader')[0]).toHaveTextContent(/^Sen/);
    expect(
      screen.getByRole('button', { name: 'Senin, 14 Desember 2026, ada slot kosong' }),
    ).toBeInTheDocument();
    // 1 December 2026 is a Tuesday: the first cell of the grid is empty.
    const firstRowCells = screen.getAllByRole('row')[1]?.querySelectorAll('td') ?? [];
    expect(firstRowCells[0]?.querySelector('button')).toBeNull();
    expect(firstRowCells[1]?.querySelector('button')).toHaveTextContent('1');
  });

  it('has a single tab stop and moves with arrows, Home/End and PageUp/PageDown', async () => {
    const user = userEvent.setup();
    render(<Harness initial={new Date(2026, 11, 1)} locale="en" />);
    const day = (name: string) => screen.getByRole('button', { name });
    const tabbable = screen
      .getAllByRole('button')
      .filter((b) => b.getAttribute('tabindex') === '0');
    expect(tabbable).toHaveLength(1);
    day('Wednesday, 16 December 2026').focus();
    await user.keyboard('{ArrowRight}');
    expect(day('Thursday, 17 December 2026')).toHaveFocus();
    await user.keyboard('{ArrowDown}');
    expect(day('Thursday, 24 December 2026')).toHaveFocus();
    await user.keyboard('{ArrowUp}{ArrowLeft}');
    expect(day('Wednesday, 16 December 2026')).toHaveFocus();
    await user.keyboard('{Home}');
    expect(day('Monday, 14 December 2026')).toHaveFocus();
    await user.keyboard('{End}');
    expect(day('Sunday, 20 December 2026')).toHaveFocus();
    expect(day('Sunday, 20 December 2026')).toHaveAttribute('tabindex', '0');
    await user.keyboard('{PageDown}');
    expect(screen.getByRole('grid')).toHaveAccessibleName('January 2027');
    expect(day('Wednesday, 20 January 2027')).toHaveFocus();
    await user.keyboard('{PageUp}{PageUp}');
    expect(day('Friday, 20 November 2026')).toHaveFocus();
    // Crossing the month edge with an arrow shows the next month.
    day('Monday, 30 November 2026').focus();
    await user.keyboard('{ArrowRight}');
    expect(day('Tuesday, 1 December 2026')).toHaveFocus();
  });

  it('selects with Enter, Space and click, marking the cell selected', async () => {
    const user = userEvent.setup();
    const onSelect = vi.fn();
    render(<Harness initial={new Date(2026, 11, 1)} onSelect={onSelect} locale="en" />);
    screen.getByRole('button', { name: 'Monday, 14 December 2026' }).focus();
    await user.keyboard('{Enter}');
    expect(onSelect).toHaveBeenLastCalledWith('2026-12-14');
    await user.keyboard('{ArrowRight}[Space]');
    expect(onSelect).toHaveBeenLastCalledWith('2026-12-15');
    await user.click(screen.getByRole('button', { name: 'Monday, 28 December 2026' }));
    expect(onSelect).toHaveBeenLastCalledWith('2026-12-28');
    const selected = screen.getAllByRole('gridcell').filter((c) => c.ariaSelected === 'true');
    expect(selected).toHaveLength(1);
    expect(selected[0]).toHaveTextContent('28');
  });

  it('does not select disabled days but keeps them reachable', async () => {
    const user = userEvent.setup();
    const onSelect = vi.fn();
    render(
      <Harness
        initial={new Date(2026, 11, 1)}
        onSelect={onSelect}
        locale="en"
        dayInfo={(iso) => (iso < '2026-12-10' ? { disabled: true } : {})}
      />,
    );
    const past = screen.getByRole('button', { name: 'Friday, 4 December 2026' });
    expect(past).toHaveAttribute('aria-disabled', 'true');
    await user.click(past);
    past.focus();
    await user.keyboard('{Enter}');
    expect(onSelect).not.toHaveBeenCalled();
    await user.keyboard('{ArrowDown}{ArrowDown}');
    expect(screen.getByRole('button', { name: 'Friday, 18 December 2026' })).toHaveFocus();
    await user.keyboard('{Enter}');
    expect(onSelect).toHaveBeenCalledWith('2026-12-18');
  });

  it('keeps navigation within minMonth and maxMonth', async () => {
    const user = userEvent.setup();
    render(
      <Harness
        initial={new Date(2026, 11, 1)}
        locale="en"
        minMonth={new Date(2026, 11, 1)}
        maxMonth={new Date(2027, 0, 1)}
      />,
    );
    expect(screen.getByRole('button', { name: 'Bulan sebelumnya' })).toBeDisabled();
    await user.click(screen.getByRole('button', { name: 'Bulan berikutnya' }));
    expect(screen.getByRole('grid')).toHaveAccessibleName('January 2027');
    expect(screen.getByRole('button', { name: 'Bulan berikutnya' })).toBeDisabled();
    screen.getByRole('button', { name: 'Friday, 15 January 2027' }).focus();
    await user.keyboard('{PageDown}');
    expect(screen.getByRole('grid')).toHaveAccessibleName('January 2027');
    expect(screen.getByRole('button', { name: 'Friday, 15 January 2027' })).toHaveFocus();
  });
});
