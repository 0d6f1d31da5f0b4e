import { z } from 'zod/mini';
import { providerSchema } from '@/lib/api/catalog-schemas';
import { userSchema } from '@/lib/api/schemas';

// The provider-side shapes of docs/openapi.yaml, parsed at the API boundary; the catalogue's
// (Provider, Service, Schedule) are shared with the public pages.

export {
  businessTypeSchema,
  kBusinessTypes as businessTypes,
  providerSchema,
  scheduleSchema,
  serviceSchema,
  type BusinessType,
  type Provider,
  type Schedule,
  type Service,
} from '@/lib/api/catalog-schemas';

export const providerEnvelopeSchema = z.object({ provider: providerSchema });

// GET /users/me: the user and, for a provider, their business (null until created).
export const meSchema = z.object({
  user: userSchema,
  provider: z.optional(z.nullable(providerSchema)),
});

export const exceptionSchema = z.object({
  id: z.string(),
  provider_id: z.string(),
  exception_date: z.string(),
  start_time: z.nullable(z.string()),
  end_time: z.nullable(z.string()),
  reason: z.nullable(z.string()),
  is_available: z.boolean(),
});
export type ScheduleException = z.infer<typeof exceptionSchema>;

// GET /providers/:id/calendar-feed: whether the private subscription link is on.
export const calendarFeedStatusSchema = z.object({
  active: z.boolean(),
  created_at: z.nullable(z.string()),
});
export type CalendarFeedStatus = z.infer<typeof calendarFeedStatusSchema>;

// POST /providers/:id/calendar-feed: the new link, shown only in this answer.
export const calendarFeedLinkSchema = z.object({
  url: z.string(),
  created_at: z.string(),
});
export type CalendarFeedLink = z.infer<typeof calendarFeedLinkSchema>;
