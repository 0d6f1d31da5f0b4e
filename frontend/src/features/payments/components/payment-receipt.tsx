import { useTranslation } from 'react-i18next';
import { formatInstant, formatRupiah } from '@/lib/format';
import type { Payment } from '../api/payments';
import { useMethodText } from '../lib/method-text';

// The receipt of one attempt: status, amount, method, when paid, the order id Midtrans knows it
// by, and what was given back.
export function PaymentReceipt({ payment }: { payment: Payment }) {
  const { t, i18n } = useTranslation('payments');
  const locale = i18n.language;
  const method = useMethodText();
  return (
    <dl className="grid gap-x-4 gap-y-2 text-sm sm:grid-cols-[10rem_1fr]">
      <dt className="text-muted-foreground">{t('receipt.status')}</dt>
      <dd>{t(`status.${payment.status}`)}</dd>
      <dt className="text-muted-foreground">{t('receipt.amount')}</dt>
      <dd>{formatRupiah(payment.gross_amount, locale)}</dd>
      <dt className="text-muted-foreground">{t('receipt.method')}</dt>
      <dd>{method(payment.payment_type)}</dd>
      {payment.paid_at ? (
        <>
          <dt className="text-muted-foreground">{t('receipt.paidAt')}</dt>
          <dd>{formatInstant(payment.paid_at, locale)}</dd>
        </>
      ) : null}
      <dt className="text-muted-foreground">{t('receipt.orderId')}</dt>
      <dd className="break-all font-mono text-xs leading-5">{payment.order_id}</dd>
      {payment.refunded_amount > 0 ? (
        <>
          <dt className="text-muted-foreground">{t('receipt.refunded')}</dt>
          <dd>{formatRupiah(payment.refunded_amount, locale)}</dd>
        </>
      ) : null}
    </dl>
  );
}
