import { Navigate, type RouteObject } from 'react-router-dom';

// The admin pages, mounted under the app shell by src/app/routes.tsx; their code loads only
// when an admin opens them.
export const adminRoutes: RouteObject[] = [
  { path: '/admin', element: <Navigate to="/admin/notifications" replace /> },
  {
    path: '/admin/notifications',
    lazy: () => import('./notifications-page').then((m) => ({ Component: m.NotificationsPage })),
  },
];
