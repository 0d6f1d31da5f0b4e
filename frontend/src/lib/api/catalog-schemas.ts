import { z } from 'zod/mini';

// The catalogue's shapes in docs/openapi.yaml (Provider, Service, Schedule), shared by the
// public pages (features/catalog) and the provider's own pages (features/business).
export const kBusinessTypes = ['doctor', 'salon', 'consultant', 'studio'] as const;
export const businessTypeSchema = z.enum(kBusinessTypes);
export type BusinessType = z.infer<typeof businessTypeSchema>;

export const providerSchema = z.object({
  id: z.string(),
  user_id: z.string(),
  business_name: z.string(),
  business_type: businessTypeSchema,
  description: z.nullable(z.string()),
  address: z.nullable(z.string()),
  timezone: z.string(),
  slot_interval_minutes: z.int(),
  min_notice_minutes: z.int(),
  max_advance_days: z.int(),
  is_active: z.boolean(),
  // Bookings of priced services must be paid (issue 13); optional so older answers parse.
  requires_payment: z.optional(z.boolean()),
});
export type Provider = z.infer<typeof providerSchema>;

export const serviceSchema = z.object({
  id: z.string(),
  provider_id: z.string(),
  name: z.string(),
  description: z.nullable(z.string()),
  duration: z.int(),
  price: z.number(),
  buffer_before_minutes: z.int(),
  buffer_after_minutes: z.int(),
  is_active: z.boolean(),
});
export type Service = z.infer<typeof serviceSchema>;

// Provider-local wall-clock HH:MM; 24:00 only as an end.
const timeOfDay = z.string().check(z.regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/));

export const scheduleSchema = z.object({
  id: z.string(),
  provider_id: z.string(),
  day_of_week: z.int().check(z.minimum(0), z.maximum(6)),
  start_time: timeOfDay,
  end_time: timeOfDay,
  is_active: z.boolean(),
});
export type Schedule = z.infer<typeof scheduleSchema>;
