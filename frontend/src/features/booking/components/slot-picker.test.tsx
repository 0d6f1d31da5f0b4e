import { useState } from 'react';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { Slot } from '../api/availability';
import { SlotPicker } from './slot-picker';

function slot(start: string, startsAt: string, offset = '+07:00'): Slot {
  return {
    start_time: start,
    end_time: start,
    starts_at: startsAt,
    ends_at: startsAt,
    utc_offset: offset,
  };
}

const kDay: Slot[] = [
  slot('09:00', '2026-12-14T02:00:00Z'),
  slot('09:30', '2026-12-14T02:30:00Z'),
  slot('13:00', '2026-12-14T06:00:00Z'),
];

function Harness({
  slots,
  onChange,
}: {
  slots: Slot[] | undefined;
  onChange?: (v: string) => void;
}) {
  const [value, setValue] = useState<string | undefined>(undefined);
  return (
    <SlotPicker
      slots={slots}
      value={value}
      onChange={(v) => {
        setValue(v);
        onChange?.(v);
      }}
      locale="id"
      legend="Jam tersedia"
      emptyText="Tidak ada jam kosong"
    />
  );
}

describe('SlotPicker', () => {
  it('renders the provider-local times as a radio group', () => {
    render(<Harness slots={kDay} />);
    expect(screen.getByRole('group', { name: 'Jam tersedia' })).toBeInTheDocument();
    const radios = screen.getAllByRole('radio');
    expect(radios).toHaveLength(3);
    expect(screen.getByRole('radio', { name: '09.00' })).not.toBeChecked();
    expect(screen.getByRole('radio', { name: '13.00' })).toBeInTheDocument();
  });

  it('selects by click and moves with arrow keys', async () => {
    const user = userEvent.setup();
    const onChange = vi.fn();
    render(<Harness slots={kDay} onChange={onChange} />);
    await user.click(screen.getByText('09.30'));
    expect(onChange).toHaveBeenLastCalledWith('2026-12-14T02:30:00Z');
    expect(screen.getByRole('radio', { name: '09.30' })).toBeChecked();
    expect(screen.getByRole('radio', { name: '09.30' })).toHaveFocus();
    await user.keyboard('{ArrowRight}');
    expect(screen.getByRole('radio', { name: '13.00' })).toBeChecked();
    expect(onChange).toHaveBeenLastCalledWith('2026-12-14T06:00:00Z');
    await user.keyboard('{ArrowLeft}{ArrowLeft}');
    expect(screen.getByRole('radio', { name: '09.00' })).toBeChecked();
  });

  it('is one tab stop', async () => {
    const user = userEvent.setup();
    render(
      <>
        <button type="button">before</button>
        <Harness slots={kDay} />
        <button type="button">after</button>
      </>,
    );
    await user.click(screen.getByRole('button', { name: 'before' }));
    await user.tab();
    expect(screen.getByRole('radio', { name: '09.00' })).toHaveFocus();
    await user.tab();
    expect(screen.getByRole('button', { name: 'after' })).toHaveFocus();
  });

  it('shows the offset when a local time happens twice (fall-back night)', () => {
    render(
      <Harness
        slots={[
          slot('00:00', '2027-11-07T04:00:00Z', '-04:00'),
          slot('01:00', '2027-11-07T05:00:00Z', '-04:00'),
          slot('01:00', '2027-11-07T06:00:00Z', '-05:00'),
          slot('02:00', '2027-11-07T07:00:00Z', '-05:00'),
        ]}
      />,
    );
    expect(screen.getByRole('radio', { name: '01.00 UTC\u221204:00' })).toBeInTheDocument();
    expect(screen.getByRole('radio', { name: '01.00 UTC\u221205:00' })).toBeInTheDocument();
    // Times that happen once carry no offset.
    expect(screen.getByRole('radio', { name: '00.00' })).toBeInTheDocument();
  });

  it('keeps the same box while loading and when empty', () => {
    const { container, rerender } = render(<Harness slots={undefined} />);
    const loading = container.querySelector('[aria-busy="true"]');
    expect(loading).not.toBeNull();
    expect(screen.queryAllByRole('radio')).toHaveLength(0);
    const boxClass = loading?.className;
    rerender(<Harness slots={[]} />);
    expect(screen.getByText('Tidak ada jam kosong')).toBeInTheDocument();
    rerender(<Harness slots={kDay} />);
    const list = screen.getByRole('radio', { name: '09.00' }).closest('fieldset > div');
    expect(list?.className).toBe(boxClass);
  });
});
