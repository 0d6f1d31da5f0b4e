import { render, screen } from '@testing-library/react';
import { MemoryRouter } from 'react-router-dom';
import { describe, expect, it } from 'vitest';
import type { ListedBooking } from '../api/bookings-api';
import { BookingCard } from './booking-card';

function listed(overrides: Partial<ListedBooking>): ListedBooking {
  return {
    id: 'b-1',
    provider_id: 'p-1',
    service_id: 's-1',
    booking_date: '2026-12-14',
    start_time: '09:30',
    end_time: '10:00',
    starts_at: '2026-12-14T02:30:00Z',
    ends_at: '2026-12-14T03:00:00Z',
    status: 'pending',
    payment_status: 'unpaid',
    payment_due_at: null,
    customer_notes: null,
    cancellation_reason: null,
    rescheduled_from_id: null,
    rescheduled_to_id: null,
    cancelled_at: null,
    created_at: '2026-12-10T03:00:00Z',
    provider_name: 'Salon Melati',
    service_name: 'Potong rambut',
    time_zone: 'Asia/Jakarta',
    service_price: 75000,
    ...overrides,
  };
}

function renderCard(b: ListedBooking) {
  render(
    <MemoryRouter>
      <ul>
        <BookingCard booking={b} />
      </ul>
    </MemoryRouter>,
  );
}

describe('BookingCard', () => {
  it('marks a booking that awaits payment', () => {
    renderCard(listed({ payment_due_at: '2026-12-10T03:15:00Z' }));
    expect(screen.getByRole('link')).toHaveTextContent('Menunggu pembayaran');
  });

  it('has no mark for a booking that needs no payment or is paid', () => {
    renderCard(listed({}));
    renderCard(
      listed({
        id: 'b-2',
        status: 'confirmed',
        payment_status: 'paid',
        payment_due_at: '2026-12-10T03:15:00Z',
      }),
    );
    expect(screen.queryByText('Menunggu pembayaran')).not.toBeInTheDocument();
  });
});
