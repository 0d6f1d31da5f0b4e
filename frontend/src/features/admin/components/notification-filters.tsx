import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { Input, NativeSelect } from '@/components/ui/input';
import {
  isKnownType,
  kMaxRecipientLength,
  notificationStatusSchema,
  notificationStatuses,
  notificationTypes,
  type NotificationFilter,
} from '../api/notifications';

interface NotificationFiltersProps {
  filter: NotificationFilter;
  // Called with the new filter (page back to 1); the page writes it to the URL.
  onChange: (filter: NotificationFilter) => void;
  onClear: () => void;
}

// Status and type apply as they are picked, like the home page's type filter; the recipient
// (typed) and the dates (a range, checked together) apply with the button or Enter, or with
// the next pick.
export function NotificationFilters({ filter, onChange, onClear }: NotificationFiltersProps) {
  const { t } = useTranslation(['admin', 'common']);
  const [recipient, setRecipient] = useState(filter.recipient);
  const [from, setFrom] = useState(filter.from);
  const [to, setTo] = useState(filter.to);
  // Back/forward or "clear" changes the URL under the form: show what the list shows.
  const [shown, setShown] = useState(filter);
  if (
    shown.recipient !== filter.recipient ||
    shown.from !== filter.from ||
    shown.to !== filter.to
  ) {
    setShown(filter);
    setRecipient(filter.recipient);
    setFrom(filter.from);
    setTo(filter.to);
  }
  const rangeError = from && to && to < from ? t('filters.toBeforeFrom') : undefined;

  // What the form holds now: a pick of status or type takes the typed recipient and a valid
  // range along, as the home page's type filter takes the typed search.
  const typed = (): NotificationFilter =>
    rangeError
      ? { ...filter, recipient: recipient.trim(), page: 1 }
      : { ...filter, recipient: recipient.trim(), from, to, page: 1 };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (rangeError) return;
    onChange(typed());
  };

  return (
    <form
      role="search"
      aria-label={t('filters.title')}
      onSubmit={submit}
      className="grid gap-4 rounded-lg border bg-card p-4 text-card-foreground"
    >
      <div className="grid items-start gap-4 sm:grid-cols-2 lg:grid-cols-4">
        <Field id="notification-status" label={t('filters.status')}>
          <NativeSelect
            value={filter.status}
            onChange={(e) => {
              const parsed = notificationStatusSchema.safeParse(e.target.value);
              onChange({ ...typed(), status: parsed.success ? parsed.data : '' });
            }}
          >
            <option value="">{t('filters.anyStatus')}</option>
            {notificationStatuses.map((s) => (
              <option key={s} value={s}>
                {t(`status.${s}`)}
              </option>
            ))}
          </NativeSelect>
        </Field>
        <Field id="notification-type" label={t('filters.type')}>
          <NativeSelect
            value={filter.type}
            onChange={(e) => {
              const value = e.target.value;
              onChange({ ...typed(), type: isKnownType(value) ? value : '' });
            }}
          >
            <option value="">{t('filters.anyType')}</option>
            {notificationTypes.map((type) => (
              <option key={type} value={type}>
                {t(`types.${type}`)}
              </option>
            ))}
          </NativeSelect>
        </Field>
        <Field
          id="notification-recipient"
          label={t('filters.recipient')}
          hint={t('filters.recipientHint')}
          className="sm:col-span-2"
        >
          <Input
            type="search"
            value={recipient}
            maxLength={kMaxRecipientLength}
            autoComplete="off"
            spellCheck={false}
            onChange={(e) => setRecipient(e.target.value)}
          />
        </Field>
        <Field id="notification-from" label={t('filters.from')} hint={t('filters.datesHint')}>
          <Input type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
        </Field>
        <Field id="notification-to" label={t('filters.to')} error={rangeError}>
          <Input
            type="date"
            value={to}
            min={from || undefined}
            onChange={(e) => setTo(e.target.value)}
          />
        </Field>
      </div>
      <div className="flex flex-wrap gap-2">
        <Button type="submit">{t('filters.apply')}</Button>
        <Button variant="outline" onClick={onClear}>
          {t('common:actions.clear')}
        </Button>
      </div>
    </form>
  );
}
