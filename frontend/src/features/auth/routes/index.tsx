import type { RouteObject } from 'react-router-dom';

// The auth feature's pages, mounted under the app shell by src/app/routes.tsx.
export const authRoutes: RouteObject[] = [
  {
    path: '/register',
    lazy: () => import('./register-page').then((m) => ({ Component: m.RegisterPage })),
  },
  {
    path: '/login',
    lazy: () => import('./login-page').then((m) => ({ Component: m.LoginPage })),
  },
  {
    path: '/verify-email/:token',
    lazy: () => import('./verify-email-page').then((m) => ({ Component: m.VerifyEmailPage })),
  },
  {
    path: '/forgot-password',
    lazy: () => import('./forgot-password-page').then((m) => ({ Component: m.ForgotPasswordPage })),
  },
  {
    path: '/reset-password',
    lazy: () => import('./reset-password-page').then((m) => ({ Component: m.ResetPasswordPage })),
  },
];
