import type { RouteObject } from 'react-router-dom';

// The catalog feature's pages, mounted under the app shell by src/app/routes.tsx.
export const catalogRoutes: RouteObject[] = [
  {
    index: true,
    path: '/',
    lazy: () => import('./home-page').then((m) => ({ Component: m.HomePage })),
  },
  {
    path: '/providers/:id',
    lazy: () => import('./provider-page').then((m) => ({ Component: m.ProviderPage })),
  },
];
