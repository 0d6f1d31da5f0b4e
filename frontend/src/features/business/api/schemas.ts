import { z } from 'zod/mini';
import { userSchema } from '@/lib/api/schemas';

// The provider-side shapes of docs/openapi.yaml (Provider, Service, Schedule,
// ScheduleException), parsed at the API boundary.

export const businessTypes = ['doctor', 'salon', 'consultant', 'studio'] as const;
export const businessTypeSchema = z.enum(businessTypes);
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
});
export type Provider = z.infer<typeof providerSchema>;

export const providerEnvelopeSchema = z.object({ provider: providerSchema });

// GET /users/me: the user and, for a provider, their business (null until created).
export const meSchema = z.object({
  user: userSchema,
  provider: z.optional(z.nullable(providerSchema)),
});

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

export const scheduleSchema = z.object({
  id: z.string(),
  provider_id: z.string(),
  day_of_week: z.int(),
  start_time: z.string(),
  end_time: z.string(),
  is_active: z.boolean(),
});
export type Schedule = z.infer<typeof scheduleSchema>;

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
