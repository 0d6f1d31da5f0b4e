import { z } from 'zod/mini';

// Shapes shared by every feature: the envelope, pagination, the user and the session.
export const errorEnvelopeSchema = z.object({
  success: z.literal(false),
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z.optional(z.unknown()),
  }),
});

export const paginationSchema = z.object({
  page: z.int(),
  limit: z.int(),
  total_pages: z.int(),
  total_items: z.int(),
});
export type Pagination = z.infer<typeof paginationSchema>;

export interface Page<T> {
  items: T[];
  pagination: Pagination;
}

export const roleSchema = z.enum(['customer', 'provider', 'admin']);
export type Role = z.infer<typeof roleSchema>;

export const localeSchema = z.enum(['id', 'en']);
export type Locale = z.infer<typeof localeSchema>;

export const userSchema = z.object({
  id: z.string(),
  email: z.string(),
  full_name: z.string(),
  phone: z.optional(z.nullable(z.string())),
  role: roleSchema,
  is_verified: z.boolean(),
  locale: z.catch(localeSchema, 'id'),
  created_at: z.optional(z.string()),
});
export type User = z.infer<typeof userSchema>;

export const sessionSchema = z.object({
  access_token: z.string(),
  expires_in: z.number(),
  user: userSchema,
});
export type Session = z.infer<typeof sessionSchema>;

// {success, message} answers with no data.
export const messageSchema = z.unknown();

// The API's limit for booking notes and reasons, in characters (kMaxNotesLength in
// backend/src/core/bookings/booking_service.hpp).
export const kMaxNoteLength = 2000;
