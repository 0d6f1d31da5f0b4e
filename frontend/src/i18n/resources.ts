// Every namespace is imported statically so that TypeScript knows each key (see i18next.d.ts):
// a `t('...')` with a key missing from the Indonesian catalog does not compile, and
// catalogs.test.ts checks that English has the same keys.
import idAccount from './locales/id/account.json';
import idAuth from './locales/id/auth.json';
import idBooking from './locales/id/booking.json';
import idBookings from './locales/id/bookings.json';
import idBusiness from './locales/id/business.json';
import idCatalog from './locales/id/catalog.json';
import idCommon from './locales/id/common.json';
import idInbox from './locales/id/inbox.json';
import enAccount from './locales/en/account.json';
import enAuth from './locales/en/auth.json';
import enBooking from './locales/en/booking.json';
import enBookings from './locales/en/bookings.json';
import enBusiness from './locales/en/business.json';
import enCatalog from './locales/en/catalog.json';
import enCommon from './locales/en/common.json';
import enInbox from './locales/en/inbox.json';

export const resources = {
  id: {
    common: idCommon,
    auth: idAuth,
    account: idAccount,
    catalog: idCatalog,
    booking: idBooking,
    bookings: idBookings,
    business: idBusiness,
    inbox: idInbox,
  },
  en: {
    common: enCommon,
    auth: enAuth,
    account: enAccount,
    catalog: enCatalog,
    booking: enBooking,
    bookings: enBookings,
    business: enBusiness,
    inbox: enInbox,
  },
} as const;
