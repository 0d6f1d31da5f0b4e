import { useTranslation } from 'react-i18next';
import { formatInstant } from '@/lib/format';
import { canRetry, isKnownType, type Notification } from '../api/notifications';
import { ErrorText } from './error-text';
import { NotificationStatusBadge } from './notification-status-badge';
import { RetryButton } from './retry-button';

// What a row shows, in words, computed once for the table and the cards.
function useRowText() {
  const { t, i18n } = useTranslation('admin');
  const locale = i18n.language;
  return (n: Notification) => {
    const type = isKnownType(n.type) ? t(`types.${n.type}`) : n.type;
    const recipient = n.recipient_email ?? t('row.userRecipient', { id: n.user_id });
    const when =
      n.status === 'sent' && n.sent_at
        ? t('row.sentAt', { time: formatInstant(n.sent_at, locale) })
        : n.status === 'pending' && n.next_attempt_at
          ? t('row.nextAttempt', { time: formatInstant(n.next_attempt_at, locale) })
          : null;
    return {
      type,
      recipient,
      created: formatInstant(n.created_at, locale),
      when,
      // Names the card.
      label: t('row.label', { type, recipient, status: t(`status.${n.status}`) }),
    };
  };
}

// A table from md up, cards below it (a table of eight columns does not fit a phone). Both are
// in the page; CSS shows one, and a hidden one is out of the accessibility tree.
// The table's column headings, in order (the last, actions, is only for screen readers).
const kHeadings = [
  'table.created',
  'table.type',
  'table.recipient',
  'table.status',
  'table.attempts',
  'table.when',
  'table.error',
] as const;

export function NotificationList({ items }: { items: Notification[] }) {
  const { t } = useTranslation('admin');
  const rowText = useRowText();
  const rows = items.map((n) => ({ n, text: rowText(n) }));
  const none = <span className="text-muted-foreground">{t('row.none')}</span>;
  return (
    <>
      <div className="hidden overflow-x-auto rounded-lg border md:block">
        <table className="w-full border-collapse text-left text-sm">
          <caption className="sr-only">{t('table.caption')}</caption>
          <thead className="bg-muted/50 text-xs text-muted-foreground">
            <tr>
              {kHeadings.map((key) => (
                <th
                  key={key}
                  scope="col"
                  className={`px-3 py-2 font-medium${key === 'table.attempts' ? ' text-right' : ''}`}
                >
                  {t(key)}
                </th>
              ))}
              <th scope="col" className="px-3 py-2 font-medium">
                <span className="sr-only">{t('table.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map(({ n, text }) => (
              <tr key={n.id} className="border-t align-top">
                <td className="whitespace-nowrap px-3 py-2">{text.created}</td>
                <td className="px-3 py-2">{text.type}</td>
                <td className="max-w-56 break-all px-3 py-2">{text.recipient}</td>
                <td className="px-3 py-2">
                  <NotificationStatusBadge status={n.status} />
                </td>
                <td className="px-3 py-2 text-right tabular-nums">{n.attempts}</td>
                <td className="px-3 py-2">{text.when ?? none}</td>
                <td className="max-w-64 px-3 py-2">
                  <ErrorText text={n.error_message} />
                </td>
                <td className="px-3 py-2 text-right">
                  {canRetry(n) ? (
                    <RetryButton id={n.id} type={text.type} recipient={text.recipient} />
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <ul className="grid gap-3 md:hidden">
        {rows.map(({ n, text }) => (
          <li key={n.id}>
            <article
              aria-label={text.label}
              className="grid gap-2 rounded-lg border bg-card p-4 text-sm text-card-foreground"
            >
              <div className="flex items-start justify-between gap-2">
                <div className="grid gap-0.5">
                  <h3 className="font-medium">{text.type}</h3>
                  <p className="break-all">{text.recipient}</p>
                </div>
                <NotificationStatusBadge status={n.status} />
              </div>
              <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1">
                <dt className="text-muted-foreground">{t('table.created')}</dt>
                <dd>{text.created}</dd>
                <dt className="text-muted-foreground">{t('table.attempts')}</dt>
                <dd className="tabular-nums">{n.attempts}</dd>
                <dt className="text-muted-foreground">{t('table.when')}</dt>
                <dd>{text.when ?? none}</dd>
                {n.error_message ? (
                  <>
                    <dt className="text-muted-foreground">{t('table.error')}</dt>
                    <dd className="min-w-0">
                      <ErrorText text={n.error_message} />
                    </dd>
                  </>
                ) : null}
              </dl>
              {canRetry(n) ? (
                <div>
                  <RetryButton id={n.id} type={text.type} recipient={text.recipient} />
                </div>
              ) : null}
            </article>
          </li>
        ))}
      </ul>
    </>
  );
}
