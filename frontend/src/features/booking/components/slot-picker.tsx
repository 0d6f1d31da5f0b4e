import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { Skeleton } from '@/components/ui/skeleton';
import { cn } from '@/lib/cn';
import { formatTime } from '@/lib/format';
import type { Slot } from '../api/availability';

interface SlotPickerProps {
  // undefined while loading: a skeleton of the same size holds the place.
  slots: Slot[] | undefined;
  value: string | undefined; // the chosen slot's starts_at
  onChange: (startsAt: string) => void;
  locale: string;
  legend: string;
  emptyText: string;
}

const kSkeletonCount = 12;
// One height for the skeleton, the list and the empty text, so nothing below them moves.
const kAreaClass = 'h-52 overflow-y-auto rounded-md border p-2';
const kGridClass = 'grid grid-cols-3 gap-2 sm:grid-cols-4';

// "UTC−04:00" from "-04:00", to tell apart the two 01:00 of a fall-back night.
function offsetLabel(offset: string): string {
  return `UTC${offset.replace('-', '\u2212')}`;
}

// The day's start times as a radio group: one tab stop, arrows move, provider-local times.
export function SlotPicker({ slots, value, onChange, locale, legend, emptyText }: SlotPickerProps) {
  const { t } = useTranslation('booking');
  const name = useId();
  const counts = new Map<string, number>();
  for (const slot of slots ?? [])
    counts.set(slot.start_time, (counts.get(slot.start_time) ?? 0) + 1);

  return (
    <fieldset className="min-w-0">
      <legend className="mb-2 text-sm font-medium">{legend}</legend>
      {slots === undefined ? (
        <div className={kAreaClass} aria-busy="true">
          <span className="sr-only">{t('slots.loading')}</span>
          <div className={kGridClass}>
            {Array.from({ length: kSkeletonCount }, (_, i) => (
              <Skeleton key={i} className="h-11" />
            ))}
          </div>
        </div>
      ) : slots.length === 0 ? (
        <div className={cn(kAreaClass, 'flex items-center justify-center')}>
          <p className="text-center text-sm text-muted-foreground">{emptyText}</p>
        </div>
      ) : (
        <div className={kAreaClass}>
          <div className={kGridClass}>
            {slots.map((slot) => {
              const twice = (counts.get(slot.start_time) ?? 0) > 1;
              const checked = slot.starts_at === value;
              return (
                <label key={slot.starts_at} className="relative block">
                  <input
                    type="radio"
                    name={name}
                    value={slot.starts_at}
                    checked={checked}
                    onChange={() => onChange(slot.starts_at)}
                    className="peer absolute inset-0 z-10 m-0 size-full cursor-pointer appearance-none opacity-0"
                  />
                  <span
                    className={cn(
                      'flex h-11 cursor-pointer flex-col items-center justify-center rounded-md border text-sm tabular-nums peer-focus-visible:ring-2 peer-focus-visible:ring-ring peer-focus-visible:ring-offset-2 peer-focus-visible:ring-offset-background',
                      checked
                        ? 'border-primary bg-primary font-semibold text-primary-foreground'
                        : 'border-input hover:bg-accent hover:text-accent-foreground',
                    )}
                  >
                    <span>{formatTime(slot.start_time, locale)}</span>
                    {twice ? (
                      <>
                        {' '}
                        <span className="text-xs leading-none">{offsetLabel(slot.utc_offset)}</span>
                      </>
                    ) : null}
                  </span>
                </label>
              );
            })}
          </div>
        </div>
      )}
    </fieldset>
  );
}
