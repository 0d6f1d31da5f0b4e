import type { RouteObject } from 'react-router-dom';

// The account feature's pages, mounted under the app shell by src/app/routes.tsx.
export const accountRoutes: RouteObject[] = [
  {
    path: '/profile',
    lazy: () => import('./profile-page').then((m) => ({ Component: m.ProfilePage })),
  },
];
