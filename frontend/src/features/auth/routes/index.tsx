import type { RouteObject } from 'react-router-dom';

// The auth feature's pages, mounted under the app shell by src/app/routes.tsx.
export const authRoutes: RouteObject[] = [];
