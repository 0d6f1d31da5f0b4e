import { useQuery, type QueryClient } from '@tanstack/react-query';
import { z } from 'zod/mini';
import { apiData } from '@/lib/api/client';
import { toIsoDate } from '@/lib/format';

// Free slots of one service. The calendar asks for a whole shown month in one range request;
// after a lost race the one day is asked again and written into that month's answer.
export const slotSchema = z.object({
  start_time: z.string(),
  end_time: z.string(),
  starts_at: z.string(),
  ends_at: z.string(),
  utc_offset: z.string(),
});
export type Slot = z.infer<typeof slotSchema>;

export const daySlotsSchema = z.object({
  date: z.string(),
  slots: z.array(slotSchema),
});
export type DaySlots = z.infer<typeof daySlotsSchema>;

export const rangeAvailabilitySchema = z.object({
  start_date: z.string(),
  end_date: z.string(),
  time_zone: z.string(),
  days: z.array(daySlotsSchema),
});
export type RangeAvailability = z.infer<typeof rangeAvailabilitySchema>;

const dayAvailabilitySchema = z.object({
  date: z.string(),
  time_zone: z.string(),
  slots: z.array(slotSchema),
});

export const kAvailabilityRefreshMs = 30_000;

export function monthRange(month: Date): { start: string; end: string; key: string } {
  const first = new Date(month.getFullYear(), month.getMonth(), 1);
  const last = new Date(month.getFullYear(), month.getMonth() + 1, 0);
  return { start: toIsoDate(first), end: toIsoDate(last), key: toIsoDate(first).slice(0, 7) };
}

export function monthAvailabilityKey(providerId: string, serviceId: string, monthKey: string) {
  return ['availability', providerId, serviceId, monthKey] as const;
}

export function useMonthAvailability(providerId: string, serviceId: string, month: Date) {
  const range = monthRange(month);
  return useQuery({
    queryKey: monthAvailabilityKey(providerId, serviceId, range.key),
    queryFn: ({ signal }) =>
      apiData(
        `/providers/${encodeURIComponent(providerId)}/availability`,
        rangeAvailabilitySchema,
        {
          query: { service_id: serviceId, start_date: range.start, end_date: range.end },
          signal,
        },
      ),
    enabled: serviceId !== '',
    // Slots are taken by others all the time: look again while the page is open.
    refetchInterval: kAvailabilityRefreshMs,
    staleTime: 10_000,
  });
}

// Asks for one day again (after a 409) and puts the answer into the cached month.
export async function refreshDay(
  queryClient: QueryClient,
  providerId: string,
  serviceId: string,
  date: string,
): Promise<void> {
  const day = await apiData(
    `/providers/${encodeURIComponent(providerId)}/availability`,
    dayAvailabilitySchema,
    { query: { service_id: serviceId, date } },
  );
  queryClient.setQueryData<RangeAvailability>(
    monthAvailabilityKey(providerId, serviceId, date.slice(0, 7)),
    (old) =>
      old
        ? {
            ...old,
            days: old.days.map((d) => (d.date === date ? { date, slots: day.slots } : d)),
          }
        : old,
  );
}
