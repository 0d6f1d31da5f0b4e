import { z } from 'zod/mini';
import { apiData } from '@/lib/api/client';
import { userSchema, type Locale, type User } from '@/lib/api/schemas';

// GET /users/me: the user and, for a provider, the business they own (only its id and name
// matter here; the rest is the business feature's).
export const meSchema = z.object({
  user: userSchema,
  provider: z.nullable(z.object({ id: z.string(), business_name: z.string() })),
});
export type Me = z.infer<typeof meSchema>;

export const kMeKey = ['account', 'me'] as const;

export function fetchMe(): Promise<Me> {
  return apiData('/users/me', meSchema);
}

export interface ProfileUpdate {
  full_name: string;
  phone: string | null;
  locale: Locale;
}

// PUT answers the updated user; accept it bare or as {user} so either shape parses.
const updatedUserSchema = z.union([z.object({ user: userSchema }), userSchema]);

export async function updateMe(update: ProfileUpdate): Promise<User> {
  const data = await apiData('/users/me', updatedUserSchema, { method: 'PUT', body: update });
  return 'user' in data ? data.user : data;
}
