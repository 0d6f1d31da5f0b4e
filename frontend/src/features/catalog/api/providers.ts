import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { z } from 'zod/mini';
import {
  businessTypeSchema,
  providerSchema,
  scheduleSchema,
  serviceSchema,
  type BusinessType,
} from '@/lib/api/catalog-schemas';
import { apiData, apiPage } from '@/lib/api/client';

// The public catalog: provider lists and one provider with its services and weekly hours.
export {
  businessTypeSchema,
  kBusinessTypes,
  providerSchema,
  scheduleSchema,
  serviceSchema,
  type BusinessType,
  type Provider,
  type Schedule,
  type Service,
} from '@/lib/api/catalog-schemas';

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
