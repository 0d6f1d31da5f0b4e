import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { buttonVariants } from '@/components/ui/button';
import { formatRupiah } from '@/lib/format';
import type { Service } from '../api/providers';
import { useDurationText } from './duration-text';

interface ServiceListProps {
  providerId: string;
  services: Service[];
  locale: string;
}

export function ServiceList({ providerId, services, locale }: ServiceListProps) {
  const { t } = useTranslation('catalog');
  const duration = useDurationText();
  return (
    <ul className="grid gap-3">
      {services.map((service) => (
        <li
          key={service.id}
          className="flex flex-col gap-3 rounded-lg border bg-card p-4 sm:flex-row sm:items-start sm:justify-between"
        >
          <div className="grid gap-1">
            <h3 className="font-semibold">{service.name}</h3>
            <p className="text-sm text-muted-foreground">
              {duration(service.duration)} · {formatRupiah(service.price, locale)}
            </p>
            {service.description ? <p className="text-sm">{service.description}</p> : null}
          </div>
          <Link
            to={`/providers/${providerId}/book?service=${encodeURIComponent(service.id)}`}
            className={buttonVariants({ className: 'shrink-0' })}
            aria-label={t('provider.bookService', { name: service.name })}
          >
            {t('provider.book')}
          </Link>
        </li>
      ))}
    </ul>
  );
}
