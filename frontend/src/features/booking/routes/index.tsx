import type { RouteObject } from 'react-router-dom';

// The booking feature's pages, mounted under the app shell by src/app/routes.tsx.
export const bookingRoutes: RouteObject[] = [
  {
    path: '/providers/:id/book',
    lazy: () => import('./book-page').then((m) => ({ Component: m.BookPage })),
  },
];
