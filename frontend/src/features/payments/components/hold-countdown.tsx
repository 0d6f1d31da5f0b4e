import { useEffect, useRef } from 'react';
import { Clock } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import { Alert } from '@/components/ui/alert';
import { formatInstant } from '@/lib/format';
import { formatTimeLeft, useTimeLeft } from '../lib/time-left';

interface HoldCountdownProps {
  dueAt: string;
  // Called once when the hold runs out (the page then asks the API what became of it).
  onOver?: () => void;
}

// The payment hold: time left (a timer, not read out every second) and the deadline in words.
export function HoldCountdown({ dueAt, onOver }: HoldCountdownProps) {
  const { t, i18n } = useTranslation('payments');
  const left = useTimeLeft(dueAt);
  const told = useRef(false);
  useEffect(() => {
    if (left === 0 && !told.current) {
      told.current = true;
      onOver?.();
    }
  }, [left, onOver]);

  if (left === 0) return <Alert tone="warning">{t('countdown.over')}</Alert>;
  return (
    <div className="grid gap-1 rounded-md border border-warning/50 bg-warning/10 p-3">
      <p className="flex items-center gap-2 font-medium">
        <Clock className="size-4 shrink-0" aria-hidden="true" />
        <span role="timer" aria-atomic="true" className="tabular-nums">
          {t('countdown.left', { time: formatTimeLeft(left) })}
        </span>
      </p>
      <p className="text-sm text-muted-foreground">
        {t('countdown.until', { time: formatInstant(dueAt, i18n.language) })}
      </p>
    </div>
  );
}
