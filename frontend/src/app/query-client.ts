import { QueryClient } from '@tanstack/react-query';
import { isApiError } from '@/lib/api/errors';

// Server state: a short stale time (slots change as others book) and no retry on answers that
// will not change by retrying (4xx).
export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        refetchOnWindowFocus: true,
        retry: (count, error) =>
          count < 2 && !(isApiError(error) && error.status >= 400 && error.status < 500),
      },
      mutations: { retry: false },
    },
  });
}
