import { z } from 'zod/mini';
import { apiData } from '@/lib/api/client';

// Booking creation. The Idempotency-Key makes a repeated click (or a retry after a lost answer)
// give back the first booking instead of a second one.

export const createdBookingSchema = z.object({
  booking: z.object({
    id: z.string(),
    status: z.string(),
    starts_at: z.string(),
    booking_date: z.string(),
    start_time: z.string(),
    // A provider that requires payment (issue 13): the booking holds its slot until then.
    payment_status: z.optional(z.string()),
    payment_due_at: z.optional(z.nullable(z.string())),
    created_at: z.optional(z.string()),
  }),
});
export type CreatedBooking = z.infer<typeof createdBookingSchema>['booking'];

export interface CreateBookingInput {
  provider_id: string;
  service_id: string;
  starts_at: string;
  customer_notes: string | null;
}

export async function createBooking(
  input: CreateBookingInput,
  idempotencyKey: string,
): Promise<CreatedBooking> {
  const data = await apiData('/bookings', createdBookingSchema, {
    method: 'POST',
    body: input,
    headers: { 'Idempotency-Key': idempotencyKey },
  });
  return data.booking;
}

// crypto.randomUUID exists only in secure contexts; a plain-http LAN address still books.
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

export const kSlotTakenCode = 'BOOKING_001';
