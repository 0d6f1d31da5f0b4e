import type { RouteObject } from 'react-router-dom';

// The business feature's pages, mounted under the app shell by src/app/routes.tsx.
export const businessRoutes: RouteObject[] = [
  {
    path: '/business',
    lazy: () => import('./dashboard-page').then((m) => ({ Component: m.DashboardPage })),
  },
  {
    path: '/business/services',
    lazy: () => import('./services-page').then((m) => ({ Component: m.ServicesPage })),
  },
  {
    path: '/business/hours',
    lazy: () => import('./hours-page').then((m) => ({ Component: m.HoursPage })),
  },
  {
    path: '/business/exceptions',
    lazy: () => import('./exceptions-page').then((m) => ({ Component: m.ExceptionsPage })),
  },
];
