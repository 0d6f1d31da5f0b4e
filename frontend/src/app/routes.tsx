import { createBrowserRouter, type RouteObject } from 'react-router-dom';
import { accountRoutes } from '@/features/account/routes';
import { adminRoutes } from '@/features/admin/routes';
import { authRoutes } from '@/features/auth/routes';
import { bookingRoutes } from '@/features/booking/routes';
import { bookingsRoutes } from '@/features/bookings/routes';
import { businessRoutes } from '@/features/business/routes';
import { catalogRoutes } from '@/features/catalog/routes';
import { inboxRoutes } from '@/features/inbox/routes';
import { AppShell } from '@/components/layout/app-shell';
import { NotFoundPage, RouteErrorPage } from '@/components/layout/not-found-page';

// Each feature owns its routes (src/features/<feature>/routes); pages load lazily so a first
// visit downloads only the page it opens.
export const appRoutes: RouteObject[] = [
  {
    element: <AppShell />,
    errorElement: <RouteErrorPage />,
    // Shown while the first page's lazy code loads (react-router warns when there is none).
    hydrateFallbackElement: <div className="min-h-dvh" aria-busy="true" />,
    children: [
      ...catalogRoutes,
      ...bookingRoutes,
      ...authRoutes,
      ...accountRoutes,
      ...bookingsRoutes,
      ...businessRoutes,
      ...inboxRoutes,
      ...adminRoutes,
      { path: '*', element: <NotFoundPage /> },
    ],
  },
];

export function createAppRouter() {
  return createBrowserRouter(appRoutes);
}
