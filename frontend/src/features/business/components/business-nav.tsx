import { NavLink } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { cn } from '@/lib/cn';

const kLinks = [
  { to: '/business', key: 'overview' },
  { to: '/business/services', key: 'services' },
  { to: '/business/hours', key: 'hours' },
  { to: '/business/exceptions', key: 'exceptions' },
  { to: '/business/bookings', key: 'inbox' },
  { to: '/business/calendar', key: 'calendar' },
] as const;

// Sub-navigation between the provider pages; scrolls sideways on a phone.
export function BusinessNav() {
  const { t } = useTranslation('business');
  return (
    <nav aria-label={t('nav.label')} className="-mx-4 overflow-x-auto px-4">
      <ul className="flex w-max gap-1 border-b pb-2">
        {kLinks.map((link) => (
          <li key={link.to}>
            <NavLink
              to={link.to}
              end
              className={({ isActive }) =>
                cn(
                  'inline-block rounded-md px-3 py-2 text-sm font-medium hover:bg-accent',
                  isActive ? 'bg-secondary text-secondary-foreground' : 'text-muted-foreground',
                )
              }
            >
              {t(`nav.${link.key}`)}
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}
