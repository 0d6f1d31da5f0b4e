import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiData, apiSend } from '@/lib/api/client';
import {
  calendarFeedLinkSchema,
  calendarFeedStatusSchema,
  type CalendarFeedLink,
  type CalendarFeedStatus,
} from './schemas';

export const calendarFeedKey = (providerId: string) =>
  ['business', 'calendar-feed', providerId] as const;

export function useCalendarFeed(providerId: string) {
  return useQuery({
    queryKey: calendarFeedKey(providerId),
    queryFn: () => apiData(`/providers/${providerId}/calendar-feed`, calendarFeedStatusSchema),
  });
}

// A new link replaces the old one; the answer is the only place the URL appears.
export function useCreateCalendarFeed(providerId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (): Promise<CalendarFeedLink> =>
      apiData(`/providers/${providerId}/calendar-feed`, calendarFeedLinkSchema, {
        method: 'POST',
      }),
    onSuccess: (link) => {
      queryClient.setQueryData<CalendarFeedStatus>(calendarFeedKey(providerId), {
        active: true,
        created_at: link.created_at,
      });
    },
  });
}

export function useRevokeCalendarFeed(providerId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => apiSend(`/providers/${providerId}/calendar-feed`, { method: 'DELETE' }),
    onSuccess: () => {
      queryClient.setQueryData<CalendarFeedStatus>(calendarFeedKey(providerId), {
        active: false,
        created_at: null,
      });
    },
  });
}
