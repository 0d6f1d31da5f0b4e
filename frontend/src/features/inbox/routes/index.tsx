import type { RouteObject } from 'react-router-dom';

// The inbox feature's pages, mounted under the app shell by src/app/routes.tsx.
export const inboxRoutes: RouteObject[] = [
  {
    path: '/business/bookings',
    lazy: () => import('./inbox-page').then((m) => ({ Component: m.InboxPage })),
  },
  {
    path: '/business/calendar',
    lazy: () => import('./calendar-page').then((m) => ({ Component: m.CalendarPage })),
  },
];
