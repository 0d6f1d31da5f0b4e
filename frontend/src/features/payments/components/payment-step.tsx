import { useEffect, useRef, useState } from 'react';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { formatRupiah } from '@/lib/format';
import { HoldCountdown } from './hold-countdown';
import { PayButton } from './pay-button';

interface PaymentStepProps {
  bookingId: string;
  dueAt: string;
  amount: number;
  serviceName: string;
  when: string;
}

// The booking flow's last step when the provider requires payment: the booking exists and holds
// its slot until `dueAt`; paying (on Snap's page or the simulator's) confirms it.
export function PaymentStep({ bookingId, dueAt, amount, serviceName, when }: PaymentStepProps) {
  const { t, i18n } = useTranslation('payments');
  const [over, setOver] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  // The form this replaces had the focus: give it to the new step's heading.
  useEffect(() => heading.current?.focus(), []);

  return (
    <section
      aria-labelledby="payment-step"
      className="mx-auto grid w-full max-w-lg gap-4 rounded-lg border bg-card p-5 text-card-foreground shadow-sm"
    >
      <h2 id="payment-step" ref={heading} tabIndex={-1} className="text-xl font-semibold">
        {t('step.title')}
      </h2>
      <p className="text-sm text-muted-foreground">{t('step.intro')}</p>
      <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
        <dt className="text-muted-foreground">{t('step.service')}</dt>
        <dd>{serviceName}</dd>
        <dt className="text-muted-foreground">{t('step.when')}</dt>
        <dd>{when}</dd>
        <dt className="text-muted-foreground">{t('step.amount')}</dt>
        <dd className="text-lg font-semibold">{formatRupiah(amount, i18n.language)}</dd>
      </dl>
      <HoldCountdown dueAt={dueAt} onOver={() => setOver(true)} />
      {over ? null : <PayButton bookingId={bookingId} size="lg" />}
      <Link
        to={`/bookings/${bookingId}`}
        className="text-sm font-medium text-primary underline-offset-4 hover:underline"
      >
        {t('step.later')}
      </Link>
    </section>
  );
}
