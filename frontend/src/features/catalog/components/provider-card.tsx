import { Link } from 'react-router-dom';
import { MapPin } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import { Badge } from '@/components/ui/badge';
import { Card } from '@/components/ui/card';
import type { Provider } from '../api/providers';

// One provider in the list; the whole card is the link (its name is the link's text).
export function ProviderCard({ provider }: { provider: Provider }) {
  const { t } = useTranslation('common');
  return (
    <Card className="relative flex h-full flex-col gap-2 p-4 focus-within:ring-2 focus-within:ring-ring">
      <div className="flex items-start justify-between gap-2">
        <h2 className="text-base font-semibold leading-tight">
          <Link
            to={`/providers/${provider.id}`}
            className="after:absolute after:inset-0 after:content-[''] focus-visible:outline-none"
          >
            {provider.business_name}
          </Link>
        </h2>
        <Badge variant="secondary" className="shrink-0">
          {t(`businessTypes.${provider.business_type}`)}
        </Badge>
      </div>
      {provider.address ? (
        <p className="flex items-start gap-1 text-sm text-muted-foreground">
          <MapPin className="mt-0.5 size-4 shrink-0" aria-hidden="true" />
          <span>{provider.address}</span>
        </p>
      ) : null}
      {provider.description ? (
        <p className="line-clamp-3 text-sm text-foreground">{provider.description}</p>
      ) : null}
    </Card>
  );
}
