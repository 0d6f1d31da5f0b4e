import { useState } from 'react';
import { Link, NavLink, Outlet, ScrollRestoration, useNavigate } from 'react-router-dom';
import { CalendarCheck, Menu, X } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import { useQueryClient } from '@tanstack/react-query';
import { Button, buttonVariants } from '@/components/ui/button';
import { apiSend } from '@/lib/api/client';
import { useSession } from '@/lib/api/session-store';
import { cn } from '@/lib/cn';
import type { AppLocale } from '@/i18n';
import { Preferences } from './preferences-menu';

interface NavItem {
  to: string;
  label: string;
}

function useNavItems(): NavItem[] {
  const { t } = useTranslation();
  const user = useSession((s) => s.user);
  const items: NavItem[] = [{ to: '/', label: t('nav.home') }];
  if (!user) return items;
  items.push({ to: '/bookings', label: t('nav.myBookings') });
  if (user.role === 'provider') {
    items.push({ to: '/business', label: t('nav.business') });
    items.push({ to: '/business/bookings', label: t('nav.inbox') });
  }
  if (user.role === 'admin') items.push({ to: '/admin/notifications', label: t('nav.admin') });
  items.push({ to: '/profile', label: t('nav.profile') });
  return items;
}

// Signed in, a language change is also saved to the profile so e-mails follow it.
function saveLocale(locale: AppLocale) {
  if (!useSession.getState().user) return;
  void apiSend('/users/me', { method: 'PUT', body: { locale } }).catch(() => undefined);
}

export function AppShell() {
  const { t } = useTranslation();
  const user = useSession((s) => s.user);
  const signOut = useSession((s) => s.signOut);
  const navItems = useNavItems();
  const [open, setOpen] = useState(false);
  const navigate = useNavigate();
  const queryClient = useQueryClient();

  const logout = async () => {
    try {
      await apiSend('/auth/logout', { method: 'POST', body: {} });
    } catch {
      // The session ends here either way; the server forgets it when the token expires.
    }
    signOut();
    queryClient.clear();
    navigate('/');
  };

  const linkClass = ({ isActive }: { isActive: boolean }) =>
    cn(
      'rounded-md px-3 py-2 text-sm font-medium hover:bg-accent',
      isActive ? 'text-primary' : 'text-foreground',
    );

  return (
    <div className="flex min-h-dvh flex-col">
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:fixed focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-background focus:p-2"
      >
        {t('skipToContent')}
      </a>
      <header className="sticky top-0 z-40 border-b bg-background/95 backdrop-blur">
        <div className="mx-auto flex h-14 max-w-6xl items-center gap-2 px-4">
          <Link to="/" className="flex items-center gap-2 text-lg font-bold text-primary">
            <CalendarCheck className="size-6" aria-hidden="true" />
            {t('appName')}
          </Link>
          <nav aria-label={t('nav.menu')} className="ml-4 hidden gap-1 md:flex">
            {navItems.map((item) => (
              <NavLink key={item.to} to={item.to} end className={linkClass}>
                {item.label}
              </NavLink>
            ))}
          </nav>
          <div className="ml-auto hidden items-center gap-3 md:flex">
            <Preferences onLocaleChange={saveLocale} />
            {user ? (
              <Button variant="outline" size="sm" onClick={() => void logout()}>
                {t('nav.logout')}
              </Button>
            ) : (
              <>
                <Link to="/login" className={buttonVariants({ variant: 'ghost', size: 'sm' })}>
                  {t('nav.login')}
                </Link>
                <Link to="/register" className={buttonVariants({ size: 'sm' })}>
                  {t('nav.register')}
                </Link>
              </>
            )}
          </div>
          <Button
            variant="ghost"
            size="icon"
            className="ml-auto md:hidden"
            aria-expanded={open}
            aria-controls="mobile-menu"
            onClick={() => setOpen((v) => !v)}
          >
            {open ? <X aria-hidden="true" /> : <Menu aria-hidden="true" />}
            <span className="sr-only">{t('nav.menu')}</span>
          </Button>
        </div>
        {open ? (
          <div id="mobile-menu" className="border-t px-4 py-3 md:hidden">
            <nav aria-label={t('nav.menu')} className="grid gap-1">
              {navItems.map((item) => (
                <NavLink
                  key={item.to}
                  to={item.to}
                  end
                  className={linkClass}
                  onClick={() => setOpen(false)}
                >
                  {item.label}
                </NavLink>
              ))}
            </nav>
            <div className="mt-3 grid gap-3 border-t pt-3">
              <Preferences onLocaleChange={saveLocale} />
              {user ? (
                <Button variant="outline" onClick={() => void logout()}>
                  {t('nav.logout')}
                </Button>
              ) : (
                <div className="grid grid-cols-2 gap-2">
                  <Link
                    to="/login"
                    onClick={() => setOpen(false)}
                    className={buttonVariants({ variant: 'outline' })}
                  >
                    {t('nav.login')}
                  </Link>
                  <Link to="/register" onClick={() => setOpen(false)} className={buttonVariants()}>
                    {t('nav.register')}
                  </Link>
                </div>
              )}
            </div>
          </div>
        ) : null}
      </header>
      {/* At least a screen high: the footer starts below the fold, so content arriving after
          its skeleton never pushes it down (Lighthouse counted that as layout shift). */}
      <main
        id="main"
        className="mx-auto min-h-[calc(100dvh-3.5rem)] w-full max-w-6xl flex-1 px-4 py-6"
      >
        <Outlet />
      </main>
      <footer className="border-t py-6 text-center text-sm text-muted-foreground">
        {t('footer.rights')}
      </footer>
      <ScrollRestoration />
    </div>
  );
}
