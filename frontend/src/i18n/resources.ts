// Indonesian, the default, is imported statically so that TypeScript knows each key (see
// i18next.d.ts): a `t('...')` with a key missing from the Indonesian catalogue does not
// compile, and catalogs.test.ts checks that English has the same keys. English is a separate
// chunk (english.ts), loaded only by a browser that chose it: ~6 kB gzip off every first visit.
import idAccount from './locales/id/account.json';
import idAdmin from './locales/id/admin.json';
import idAuth from './locales/id/auth.json';
import idBooking from './locales/id/booking.json';
import idBookings from './locales/id/bookings.json';
import idBusiness from './locales/id/business.json';
import idCatalog from './locales/id/catalog.json';
import idCommon from './locales/id/common.json';
import idInbox from './locales/id/inbox.json';
import idPayments from './locales/id/payments.json';

export const idResources = {
  common: idCommon,
  auth: idAuth,
  account: idAccount,
  catalog: idCatalog,
  booking: idBooking,
  bookings: idBookings,
  business: idBusiness,
  inbox: idInbox,
  admin: idAdmin,
  payments: idPayments,
} as const;

export type Namespace = keyof typeof idResources;
