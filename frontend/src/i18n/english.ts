// The English catalogues, a chunk of their own (see resources.ts).
import enAccount from './locales/en/account.json';
import enAdmin from './locales/en/admin.json';
import enAuth from './locales/en/auth.json';
import enBooking from './locales/en/booking.json';
import enBookings from './locales/en/bookings.json';
import enBusiness from './locales/en/business.json';
import enCatalog from './locales/en/catalog.json';
import enCommon from './locales/en/common.json';
import enInbox from './locales/en/inbox.json';
import enPayments from './locales/en/payments.json';
import type { Namespace } from './resources';

export const enResources: Record<Namespace, unknown> = {
  common: enCommon,
  auth: enAuth,
  account: enAccount,
  catalog: enCatalog,
  booking: enBooking,
  bookings: enBookings,
  business: enBusiness,
  inbox: enInbox,
  admin: enAdmin,
  payments: enPayments,
};
