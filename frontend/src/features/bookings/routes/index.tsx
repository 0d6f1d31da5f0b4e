import type { RouteObject } from 'react-router-dom';

// The bookings feature's pages, mounted under the app shell by src/app/routes.tsx.
export const bookingsRoutes: RouteObject[] = [
  {
    path: '/bookings',
    lazy: () => import('./my-bookings-page').then((m) => ({ Component: m.MyBookingsPage })),
  },
  {
    path: '/bookings/:id/payment',
    lazy: () => import('./payment-return-page').then((m) => ({ Component: m.PaymentReturnPage })),
  },
  {
    path: '/bookings/:id',
    lazy: () => import('./booking-detail-page').then((m) => ({ Component: m.BookingDetailPage })),
  },
];
