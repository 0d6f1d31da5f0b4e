import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod/mini';
import { apiData, apiPage } from '@/lib/api/client';
import { userSchema } from '@/lib/api/schemas';
import { serviceSchema } from '@/features/business/api/schemas';

// The provider's side of /bookings (docs/openapi.yaml: Booking, listBookings and the
// confirm / reject / complete / no-show transitions).

export const bookingStatuses = [
  'pending',
  'confirmed',
  'cancelled',
  'completed',
  'no_show',
] as const;
export const bookingStatusSchema = z.enum(bookingStatuses);
export type BookingStatus = z.infer<typeof bookingStatusSchema>;

export const bookingSchema = z.object({
  id: z.string(),
  customer_id: z.string(),
  provider_id: z.string(),
  service_id: z.string(),
  booking_date: z.string(),
  start_time: z.string(),
  end_time: z.string(),
  starts_at: z.string(),
  ends_at: z.string(),
  status: bookingStatusSchema,
  customer_notes: z.nullable(z.string()),
  cancellation_reason: z.nullable(z.string()),
  // Present on list rows (GET /bookings), absent on a single booking's answer.
  customer_name: z.optional(z.string()),
  service_name: z.optional(z.string()),
});
export type Booking = z.infer<typeof bookingSchema>;

const bookingDetailSchema = z.object({
  booking: bookingSchema,
  customer: userSchema,
  service: serviceSchema,
});

export interface BookingFilter {
  status?: BookingStatus | undefined;
  start_date?: string | undefined;
  end_date?: string | undefined;
  page?: number;
  limit?: number;
}

export const inboxKeys = {
  all: ['inbox'] as const,
  list: (filter: BookingFilter) => ['inbox', 'list', filter] as const,
  detail: (id: string) => ['inbox', 'detail', id] as const,
};

export function useProviderBookings(filter: BookingFilter, enabled = true) {
  return useQuery({
    queryKey: inboxKeys.list(filter),
    queryFn: () =>
      apiPage('/bookings', bookingSchema, {
        query: {
          as: 'provider',
          status: filter.status,
          start_date: filter.start_date,
          end_date: filter.end_date,
          page: filter.page ?? 1,
          limit: filter.limit ?? 20,
        },
      }),
    placeholderData: keepPreviousData,
    enabled,
  });
}

// Every booking of a date range (the calendar's week): follows the pages.
export async function fetchAllBookings(start: string, end: string): Promise<Booking[]> {
  const out: Booking[] = [];
  for (let page = 1; page <= 20; page += 1) {
    const result = await apiPage('/bookings', bookingSchema, {
      query: { as: 'provider', start_date: start, end_date: end, page, limit: 100 },
    });
    out.push(...result.items);
    if (page >= result.pagination.total_pages) break;
  }
  return out;
}

export function useBookingDetail(id: string | null) {
  return useQuery({
    queryKey: inboxKeys.detail(id ?? ''),
    queryFn: () => apiData(`/bookings/${id ?? ''}`, bookingDetailSchema),
    enabled: Boolean(id),
  });
}

export type BookingAction = 'confirm' | 'reject' | 'complete' | 'no-show';

export function useBookingAction() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({
      id,
      action,
      reason,
    }: {
      id: string;
      action: BookingAction;
      reason?: string | undefined;
    }) =>
      (
        await apiData(`/bookings/${id}/${action}`, z.object({ booking: bookingSchema }), {
          method: 'POST',
          body: action === 'reject' ? { reason: reason?.trim() ? reason.trim() : null } : {},
        })
      ).booking,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: inboxKeys.all }),
  });
}
