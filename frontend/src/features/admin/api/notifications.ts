import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod/mini';
import { apiData, apiPage } from '@/lib/api/client';

// The admin notification centre (docs/openapi.yaml: listNotifications, retryNotification).

export const notificationStatuses = ['pending', 'sent', 'failed', 'skipped'] as const;
export const notificationStatusSchema = z.enum(notificationStatuses);
export type NotificationStatus = z.infer<typeof notificationStatusSchema>;

// The events the outbox carries; the API accepts any type text, the filter offers these.
export const notificationTypes = [
  'booking_created',
  'booking_confirmed',
  'booking_rejected',
  'booking_cancelled',
  'booking_rescheduled',
  'booking_reminder',
  'booking_completed',
  'payment_receipt',
] as const;
export type NotificationType = (typeof notificationTypes)[number];

export function isKnownType(type: string): type is NotificationType {
  return (notificationTypes as readonly string[]).includes(type);
}

export const notificationSchema = z.object({
  id: z.string(),
  type: z.string(),
  channel: z.string(),
  status: notificationStatusSchema,
  user_id: z.string(),
  recipient_email: z.nullable(z.string()),
  booking_id: z.nullable(z.string()),
  attempts: z.int(),
  next_attempt_at: z.nullable(z.string()),
  error_message: z.nullable(z.string()),
  sent_at: z.nullable(z.string()),
  provider_message_id: z.nullable(z.string()),
  created_at: z.string(),
  updated_at: z.string(),
});
export type Notification = z.infer<typeof notificationSchema>;

// The API's limit for `recipient` (kMaxRecipientLength in the backend).
export const kMaxRecipientLength = 255;
export const kPageSize = 20;

export interface NotificationFilter {
  status: NotificationStatus | '';
  type: NotificationType | '';
  recipient: string;
  // Creation days, YYYY-MM-DD (UTC days, as the API reads them).
  from: string;
  to: string;
  page: number;
}

export const emptyFilter: NotificationFilter = {
  status: '',
  type: '',
  recipient: '',
  from: '',
  to: '',
  page: 1,
};

const kIsoDate = /^\d{4}-\d{2}-\d{2}$/;

function dateOf(value: string | null): string {
  return value && kIsoDate.test(value) && !Number.isNaN(Date.parse(value)) ? value : '';
}

// The filter as the page's URL holds it (?status=&type=&recipient=&from=&to=&page=); anything
// malformed is dropped, so a hand-edited link still shows a list rather than an API error.
export function filterFromParams(params: URLSearchParams): NotificationFilter {
  const status = notificationStatusSchema.safeParse(params.get('status'));
  const type = params.get('type') ?? '';
  const page = Number(params.get('page'));
  const from = dateOf(params.get('from'));
  const to = dateOf(params.get('to'));
  return {
    status: status.success ? status.data : '',
    type: isKnownType(type) ? type : '',
    recipient: (params.get('recipient') ?? '').trim().slice(0, kMaxRecipientLength),
    from,
    // A range ending before it starts is refused by the API: keep the start only.
    to: from && to && to < from ? '' : to,
    page: Number.isInteger(page) && page >= 1 ? page : 1,
  };
}

export function filterToParams(filter: NotificationFilter): URLSearchParams {
  const out = new URLSearchParams();
  if (filter.status) out.set('status', filter.status);
  if (filter.type) out.set('type', filter.type);
  if (filter.recipient) out.set('recipient', filter.recipient);
  if (filter.from) out.set('from', filter.from);
  if (filter.to) out.set('to', filter.to);
  if (filter.page > 1) out.set('page', String(filter.page));
  return out;
}

export function isFiltered(filter: NotificationFilter): boolean {
  return Boolean(filter.status || filter.type || filter.recipient || filter.from || filter.to);
}

// The API's query for a filter (empty values are left out by the client).
export function notificationQuery(filter: NotificationFilter) {
  return {
    status: filter.status,
    type: filter.type,
    recipient: filter.recipient,
    from: filter.from,
    to: filter.to,
    page: filter.page,
    limit: kPageSize,
  };
}

export const adminKeys = {
  notifications: ['admin', 'notifications'] as const,
  list: (filter: NotificationFilter) => ['admin', 'notifications', filter] as const,
};

export function useNotifications(filter: NotificationFilter) {
  return useQuery({
    queryKey: adminKeys.list(filter),
    queryFn: ({ signal }) =>
      apiPage('/admin/notifications', notificationSchema, {
        query: notificationQuery(filter),
        signal,
      }),
    placeholderData: keepPreviousData,
  });
}

// failed/skipped -> pending; 409 for a sent one (or one that changed meanwhile). The list is
// reloaded either way: after a 409 it no longer shows what the admin saw.
export function useRetryNotification() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (id: string) =>
      (
        await apiData(
          `/admin/notifications/${encodeURIComponent(id)}/retry`,
          z.object({ notification: notificationSchema }),
          { method: 'POST', body: {} },
        )
      ).notification,
    onSettled: () => queryClient.invalidateQueries({ queryKey: adminKeys.notifications }),
  });
}

export function canRetry(n: Notification): boolean {
  return n.status === 'failed' || n.status === 'skipped';
}
