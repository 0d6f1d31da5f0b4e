import { useTranslation } from 'react-i18next';

const kMethods = [
  'credit_card',
  'bank_transfer',
  'echannel',
  'permata',
  'gopay',
  'shopeepay',
  'qris',
  'cstore',
  'akulaku',
  'kredivo',
  'simulator',
] as const;
type Method = (typeof kMethods)[number];

function isKnownMethod(value: string): value is Method {
  return (kMethods as readonly string[]).includes(value);
}

// Midtrans' payment_type in words; an unknown one as sent (better than nothing).
export function useMethodText() {
  const { t } = useTranslation('payments');
  return (type: string | null) =>
    type === null ? '–' : isKnownMethod(type) ? t(`method.${type}`) : type.replace(/_/g, ' ');
}
