import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod/mini';
import { apiData, apiSend } from '@/lib/api/client';
import { useSession } from '@/lib/api/session-store';
import {
  exceptionSchema,
  meSchema,
  providerEnvelopeSchema,
  scheduleSchema,
  serviceSchema,
  type Provider,
  type ScheduleException,
  type Service,
} from './schemas';

export const businessKeys = {
  me: (userId: string | undefined) => ['business', 'me', userId] as const,
  services: (providerId: string) => ['business', 'services', providerId] as const,
  schedules: (providerId: string) => ['business', 'schedules', providerId] as const,
  exceptions: (providerId: string, from: string, to: string) =>
    ['business', 'exceptions', providerId, from, to] as const,
};

// GET /users/me names the caller's business (null before it is created).
export async function fetchMyProvider(): Promise<Provider | null> {
  const me = await apiData('/users/me', meSchema);
  return me.provider ?? null;
}

// The signed-in provider's business: undefined while loading, null before it is created.
export function useMyProvider() {
  const userId = useSession((s) => s.user?.id);
  return useQuery({
    queryKey: businessKeys.me(userId),
    queryFn: fetchMyProvider,
    enabled: Boolean(userId),
  });
}

export interface ProviderInput {
  business_name: string;
  business_type: Provider['business_type'];
  description: string | null;
  address: string | null;
  timezone: string;
  slot_interval_minutes: number;
  min_notice_minutes: number;
  max_advance_days: number;
}

export function useSaveProvider(existing: Provider | null) {
  const queryClient = useQueryClient();
  const userId = useSession((s) => s.user?.id);
  return useMutation({
    mutationFn: async (input: ProviderInput) => {
      const path = existing ? `/providers/${existing.id}` : '/providers';
      const result = await apiData(path, providerEnvelopeSchema, {
        method: existing ? 'PUT' : 'POST',
        body: input,
      });
      return result.provider;
    },
    onSuccess: (provider) => {
      queryClient.setQueryData(businessKeys.me(userId), provider);
    },
  });
}

export function useServices(providerId: string) {
  return useQuery({
    queryKey: businessKeys.services(providerId),
    queryFn: async () =>
      (
        await apiData(
          `/providers/${providerId}/services`,
          z.object({ services: z.array(serviceSchema) }),
        )
      ).services,
  });
}

export interface ServiceInput {
  name: string;
  description: string | null;
  duration: number;
  price: number;
  buffer_before_minutes: number;
  buffer_after_minutes: number;
  is_active?: boolean;
}

export function useSaveService(providerId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ id, input }: { id: string | null; input: Partial<ServiceInput> }) => {
      const path = id
        ? `/providers/${providerId}/services/${id}`
        : `/providers/${providerId}/services`;
      const result = await apiData(path, z.object({ service: serviceSchema }), {
        method: id ? 'PUT' : 'POST',
        body: input,
      });
      return result.service;
    },
    onSuccess: (service: Service) => {
      queryClient.setQueryData<Service[]>(businessKeys.services(providerId), (old) => {
        const list = old ?? [];
        const found = list.some((s) => s.id === service.id);
        const next = found
          ? list.map((s) => (s.id === service.id ? service : s))
          : [...list, service];
        return next.sort((a, b) => a.name.localeCompare(b.name));
      });
    },
  });
}

export function useDeleteService(providerId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      apiSend(`/providers/${providerId}/services/${id}`, { method: 'DELETE' }),
    onSuccess: (_data, id) => {
      queryClient.setQueryData<Service[]>(businessKeys.services(providerId), (old) =>
        (old ?? []).filter((s) => s.id !== id),
      );
    },
  });
}

export function useSchedules(providerId: string) {
  return useQuery({
    queryKey: businessKeys.schedules(providerId),
    queryFn: async () =>
      (
        await apiData(
          `/providers/${providerId}/schedules`,
          z.object({ schedules: z.array(scheduleSchema) }),
        )
      ).schedules,
  });
}

export function useExceptions(providerId: string, from: string, to: string) {
  return useQuery({
    queryKey: businessKeys.exceptions(providerId, from, to),
    queryFn: async () =>
      (
        await apiData(
          `/providers/${providerId}/exceptions`,
          z.object({ exceptions: z.array(exceptionSchema) }),
          { query: { from, to } },
        )
      ).exceptions,
  });
}

export interface ExceptionInput {
  exception_date: string;
  start_time: string | null;
  end_time: string | null;
  reason: string | null;
  is_available: boolean;
}

export function useCreateException(providerId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (input: ExceptionInput): Promise<ScheduleException> =>
      (
        await apiData(
          `/providers/${providerId}/exceptions`,
          z.object({ exception: exceptionSchema }),
          { method: 'POST', body: input },
        )
      ).exception,
    onSuccess: () =>
      queryClient.invalidateQueries({ queryKey: ['business', 'exceptions', providerId] }),
  });
}

export function useDeleteException(providerId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      apiSend(`/providers/${providerId}/exceptions/${id}`, { method: 'DELETE' }),
    onSuccess: () =>
      queryClient.invalidateQueries({ queryKey: ['business', 'exceptions', providerId] }),
  });
}

// Turns "require payment when booking" on or off (PUT takes any subset of the fields).
export function useSetRequiresPayment(providerId: string) {
  const queryClient = useQueryClient();
  const userId = useSession((s) => s.user?.id);
  return useMutation({
    mutationFn: async (requiresPayment: boolean) =>
      (
        await apiData(`/providers/${providerId}`, providerEnvelopeSchema, {
          method: 'PUT',
          body: { requires_payment: requiresPayment },
        })
      ).provider,
    onSuccess: (provider) => {
      queryClient.setQueryData(businessKeys.me(userId), provider);
    },
  });
}
