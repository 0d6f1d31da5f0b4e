import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';

// Provider answers can be long (a whole SMTP reply): the first part, and the rest on demand.
const kShownChars = 80;

export function ErrorText({ text }: { text: string | null }) {
  const { t } = useTranslation('admin');
  const [open, setOpen] = useState(false);
  const id = useId();
  if (!text) return <span className="text-muted-foreground">{t('row.none')}</span>;
  if (text.length <= kShownChars) return <span className="break-words">{text}</span>;
  return (
    <span className="grid justify-items-start gap-1">
      <span id={id} className="break-words">
        {open ? text : `${text.slice(0, kShownChars).trimEnd()}…`}
      </span>
      <button
        type="button"
        className="rounded-sm text-sm font-medium text-primary underline-offset-4 hover:underline focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring"
        aria-expanded={open}
        aria-controls={id}
        onClick={() => setOpen((v) => !v)}
      >
        {open ? t('row.showLess') : t('row.showMore')}
      </button>
    </span>
  );
}
