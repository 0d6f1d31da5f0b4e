import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { z } from 'zod/mini';
import { apiData, apiPage } from '@/lib/api/client';

// The public catalog: provider lists and one provider with its services and weekly hours.
export const kBusinessTypes = ['doctor', 'salon', 'consultant', 'studio'] as const;
export const businessTypeSchema = z.enum(kBusinessTypes);
export type BusinessType = z.infer<typeof businessTypeSchema>;

export const providerSchema = z.object({
  id: z.string(),
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

export const serviceSchema = z.object({
  id: z.string(),
  provider_id: z.string(),
  name: z.string(),
  description: z.nullable(z.string()),
  duration: z.int(),
  price: z.number(),
  is_active: z.boolean(),
});
export type Service = z.infer<typeof serviceSchema>;

const timeOfDay = z.string().check(z.regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/));

export const scheduleSchema = z.object({
  id: z.string(),
  day_of_week: z.int().check(z.minimum(0), z.maximum(6)),
  start_time: timeOfDay,
  end_time: timeOfDay,
  is_active: z.boolean(),
});
export type Schedule = z.infer<typeof scheduleSchema>;

export const providerDetailSchema = z.object({
  provider: providerSchema,
  services: z.array(serviceSchema),
  schedules: z.array(scheduleSchema),
});
export type ProviderDetail = z.infer<typeof providerDetailSchema>;

export interface ProviderFilters {
  search: string;
  businessType: BusinessType | '';
  page: number;
}

export const kProvidersPerPage = 12;

export function useProviders(filters: ProviderFilters) {
  return useQuery({
    queryKey: ['providers', filters],
    queryFn: ({ signal }) =>
      apiPage('/providers', providerSchema, {
        query: {
          search: filters.search,
          business_type: filters.businessType,
          page: filters.page,
          limit: kProvidersPerPage,
        },
        signal,
      }),
    // Keep the previous page on screen while the next loads: the list does not jump.
    placeholderData: keepPreviousData,
  });
}

export function providerQueryKey(id: string) {
  return ['provider', id] as const;
}

export function useProvider(id: string) {
  return useQuery({
    queryKey: providerQueryKey(id),
    queryFn: ({ signal }) =>
      apiData(`/providers/${encodeURIComponent(id)}`, providerDetailSchema, { signal }),
  });
}

// A type from the URL or a <select>: anything unknown means "all types".
export function parseBusinessType(value: string | null): BusinessType | '' {
  const parsed = businessTypeSchema.safeParse(value);
  return parsed.success ? parsed.data : '';
}
