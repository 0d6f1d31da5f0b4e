import { z } from 'zod/mini';
import { apiData, apiPage } from '@/lib/api/client';
import type { Page } from '@/lib/api/schemas';
import { paymentSchema } from '@/features/payments/api/payments';

// The booking endpoints "my bookings" uses (docs/openapi.yaml, tag Bookings), each answer
// checked here. Only the fields the pages show are kept.

// A customer may cancel (or move) a confirmed booking only until this many hours before its
// start (the server's CANCELLATION_CUTOFF_HOURS default; the server decides, this explains).
export const kCancellationCutoffHours = 24;

export const bookingStatusSchema = z.enum([
  'pending',
  'confirmed',
  'cancelled',
  'completed',
  'no_show',
]);
export type BookingStatus = z.infer<typeof bookingStatusSchema>;
export const kBookingStatuses = bookingStatusSchema.options;

export const bookingSchema = z.object({
  id: z.string(),
  // Optional so that older answers still parse; the pages only compare it with the user.
  customer_id: z.optional(z.string()),
  provider_id: z.string(),
  service_id: z.string(),
  booking_date: z.string(),
  start_time: z.string(),
  end_time: z.string(),
  starts_at: z.string(),
  ends_at: z.string(),
  status: bookingStatusSchema,
  payment_status: z.string(),
  // Set while the booking waits for its payment (issue 13): the end of the slot's hold.
  payment_due_at: z.optional(z.nullable(z.string())),
  payment_id: z.optional(z.nullable(z.string())),
  customer_notes: z.nullable(z.string()),
  cancellation_reason: z.nullable(z.string()),
  rescheduled_from_id: z.nullable(z.string()),
  rescheduled_to_id: z.nullable(z.string()),
  cancelled_at: z.nullable(z.string()),
  created_at: z.string(),
});
export type Booking = z.infer<typeof bookingSchema>;

// A row of GET /bookings: the booking with the names a list shows (no request per row).
export const listedBookingSchema = z.extend(bookingSchema, {
  provider_name: z.string(),
  service_name: z.string(),
  time_zone: z.string(),
  service_price: z.number(),
});
export type ListedBooking = z.infer<typeof listedBookingSchema>;

const serviceSchema = z.object({
  id: z.string(),
  name: z.string(),
  duration: z.number(),
  price: z.number(),
});
export type BookingService = z.infer<typeof serviceSchema>;

const providerSchema = z.object({
  id: z.string(),
  business_name: z.string(),
  address: z.nullable(z.string()),
  timezone: z.string(),
});
export type BookingProvider = z.infer<typeof providerSchema>;

export const bookingDetailSchema = z.object({
  booking: bookingSchema,
  provider: providerSchema,
  service: serviceSchema,
  // The payment attempts, newest first.
  payments: z.optional(z.array(paymentSchema)),
});
export type BookingDetail = z.infer<typeof bookingDetailSchema>;

export const slotSchema = z.object({
  start_time: z.string(),
  end_time: z.string(),
  starts_at: z.string(),
  ends_at: z.string(),
  utc_offset: z.string(),
});
export type Slot = z.infer<typeof slotSchema>;

export const rescheduleOptionsSchema = z.object({
  booking_id: z.string(),
  time_zone: z.string(),
  days: z.array(
    z.object({
      date: z.string(),
      available_slots: z.array(z.string()),
      slots: z.array(slotSchema),
    }),
  ),
});
export type RescheduleOptions = z.infer<typeof rescheduleOptionsSchema>;

export type BookingTab = 'upcoming' | 'past';

export interface BookingListParams {
  tab: BookingTab;
  status: BookingStatus | '';
  page: number;
}

export const kBookingsKey = ['bookings'] as const;
export const kPageSize = 10;

export function listMyBookings(params: BookingListParams): Promise<Page<ListedBooking>> {
  return apiPage('/bookings', listedBookingSchema, {
    query: {
      as: 'customer',
      status: params.status || undefined,
      // Upcoming: not ended yet, soonest first; past: ended, latest first.
      when: params.tab,
      page: params.page,
      limit: kPageSize,
    },
  });
}

export const bookingDetailKey = (id: string) => [...kBookingsKey, 'detail', id] as const;

export function getBooking(id: string): Promise<BookingDetail> {
  return apiData(`/bookings/${encodeURIComponent(id)}`, bookingDetailSchema);
}

export function cancelBooking(id: string, reason: string): Promise<Booking> {
  return apiData(`/bookings/${encodeURIComponent(id)}`, z.object({ booking: bookingSchema }), {
    method: 'DELETE',
    body: { cancellation_reason: reason || null },
  }).then((d) => d.booking);
}

export function getRescheduleOptions(id: string): Promise<RescheduleOptions> {
  return apiData(`/bookings/${encodeURIComponent(id)}/reschedule-options`, rescheduleOptionsSchema);
}

export function rescheduleBooking(
  id: string,
  newStartsAt: string,
  reason: string,
): Promise<Booking> {
  return apiData(
    `/bookings/${encodeURIComponent(id)}/reschedule`,
    z.object({ booking: bookingSchema, previous: bookingSchema }),
    { method: 'POST', body: { new_starts_at: newStartsAt, reason: reason || null } },
  ).then((d) => d.booking);
}

// Whether the customer is already inside the cut-off of a confirmed booking (the server
// refuses then; the dialog warns first).
export function pastCutoff(booking: Booking, now: Date = new Date()): boolean {
  if (booking.status !== 'confirmed') return false;
  const cutoff = Date.parse(booking.starts_at) - kCancellationCutoffHours * 3600 * 1000;
  return now.getTime() >= cutoff;
}

export function isChangeable(booking: Booking, now: Date = new Date()): boolean {
  return (
    (booking.status === 'pending' || booking.status === 'confirmed') &&
    Date.parse(booking.starts_at) > now.getTime()
  );
}
