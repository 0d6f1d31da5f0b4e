import * as React from 'react';
import { ChevronLeft, ChevronRight } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import { cn } from '@/lib/cn';
import { formatMonth, intlLocale, toIsoDate } from '@/lib/format';

// A month grid following the WAI-ARIA grid pattern (one tab stop, arrows move between days).
// Written here rather than taken from a library: the booking page must stay small, and all it
// needs is one month with marks on some days.

export interface DayInfo {
  disabled?: boolean;
  tone?: 'available' | 'unavailable' | 'special';
  label?: string;
}

export interface MonthCalendarProps {
  month: Date; // any day in the shown month (local time)
  onMonthChange: (month: Date) => void;
  selected?: string | undefined; // 'YYYY-MM-DD'
  onSelect: (iso: string) => void;
  dayInfo?: (iso: string) => DayInfo; // marks (e.g. "has free slots") and disabled days
  minMonth?: Date;
  maxMonth?: Date; // navigation bounds
  locale: string; // 'id' | 'en': weekday/month names via Intl, Monday first
  labelledBy?: string;
}

const kRows = 6;

function startOfMonth(date: Date): Date {
  return new Date(date.getFullYear(), date.getMonth(), 1);
}

function monthIndex(date: Date): number {
  return date.getFullYear() * 12 + date.getMonth();
}

function addDays(date: Date, days: number): Date {
  return new Date(date.getFullYear(), date.getMonth(), date.getDate() + days);
}

// Same day of the month in another month, clamped to that month's length (31 Jan -> 28 Feb).
function addMonthsClamped(date: Date, months: number): Date {
  const first = new Date(date.getFullYear(), date.getMonth() + months, 1);
  const last = new Date(first.getFullYear(), first.getMonth() + 1, 0).getDate();
  return new Date(first.getFullYear(), first.getMonth(), Math.min(date.getDate(), last));
}

// Monday = 0 ... Sunday = 6.
function weekdayMondayFirst(date: Date): number {
  return (date.getDay() + 6) % 7;
}

function parseLocalIso(iso: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) return null;
  return new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
}

export function MonthCalendar({
  month,
  onMonthChange,
  selected,
  onSelect,
  dayInfo,
  minMonth,
  maxMonth,
  locale,
  labelledBy,
}: MonthCalendarProps) {
  const { t } = useTranslation();
  const headingId = React.useId();
  const gridRef = React.useRef<HTMLTableElement>(null);
  const first = startOfMonth(month);
  const shown = monthIndex(first);
  const [focused, setFocused] = React.useState<string | null>(null);
  // Set when the keyboard moved focus, so the effect below moves the DOM focus too (and not
  // when the month changed through the header buttons).
  const moveFocus = React.useRef(false);

  const inShownMonth = (iso: string | null | undefined): boolean => {
    const d = iso ? parseLocalIso(iso) : null;
    return d !== null && monthIndex(d) === shown;
  };
  const todayIso = toIsoDate(new Date());
  const focusIso = inShownMonth(focused)
    ? (focused as string)
    : inShownMonth(selected)
      ? (selected as string)
      : inShownMonth(todayIso)
        ? todayIso
        : toIsoDate(first);

  React.useEffect(() => {
    if (!moveFocus.current) return;
    moveFocus.current = false;
    gridRef.current?.querySelector<HTMLButtonElement>(`[data-iso="${focusIso}"]`)?.focus();
  }, [focusIso]);

  const canShow = (date: Date): boolean =>
    (!minMonth || monthIndex(date) >= monthIndex(minMonth)) &&
    (!maxMonth || monthIndex(date) <= monthIndex(maxMonth));

  const goMonth = (delta: number) => {
    const target = new Date(first.getFullYear(), first.getMonth() + delta, 1);
    if (canShow(target)) onMonthChange(target);
  };

  const focusDay = (date: Date) => {
    if (!canShow(date)) return;
    moveFocus.current = true;
    setFocused(toIsoDate(date));
    if (monthIndex(date) !== shown) onMonthChange(startOfMonth(date));
  };

  const onKeyDown = (event: React.KeyboardEvent<HTMLButtonElement>, date: Date) => {
    let target: Date;
    switch (event.key) {
      case 'ArrowLeft':
        target = addDays(date, -1);
        break;
      case 'ArrowRight':
        target = addDays(date, 1);
        break;
      case 'ArrowUp':
        target = addDays(date, -7);
        break;
      case 'ArrowDown':
        target = addDays(date, 7);
        break;
      case 'Home':
        target = addDays(date, -weekdayMondayFirst(date));
        break;
      case 'End':
        target = addDays(date, 6 - weekdayMondayFirst(date));
        break;
      case 'PageUp':
        target = addMonthsClamped(date, event.shiftKey ? -12 : -1);
        break;
      case 'PageDown':
        target = addMonthsClamped(date, event.shiftKey ? 12 : 1);
        break;
      default:
        return;
    }
    event.preventDefault();
    focusDay(target);
  };

  const intl = intlLocale(locale);
  const dayName = new Intl.DateTimeFormat(intl, {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
  });
  const weekdayShort = new Intl.DateTimeFormat(intl, { weekday: 'short', timeZone: 'UTC' });
  const weekdayLong = new Intl.DateTimeFormat(intl, { weekday: 'long', timeZone: 'UTC' });
  // 1 January 2024 was a Monday.
  const weekdays = Array.from({ length: 7 }, (_, i) => new Date(Date.UTC(2024, 0, 1 + i)));

  const gridStart = addDays(first, -weekdayMondayFirst(first));
  const rows = Array.from({ length: kRows }, (_, r) =>
    Array.from({ length: 7 }, (_, c) => addDays(gridStart, r * 7 + c)),
  );
  const prevDisabled = !canShow(new Date(first.getFullYear(), first.getMonth() - 1, 1));
  const nextDisabled = !canShow(new Date(first.getFullYear(), first.getMonth() + 1, 1));

  return (
    <div className="w-full max-w-sm">
      <div className="mb-2 flex items-center justify-between gap-2">
        <button
          type="button"
          onClick={() => goMonth(-1)}
          disabled={prevDisabled}
          className="inline-flex size-10 items-center justify-center rounded-md border hover:bg-accent focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring disabled:opacity-40"
        >
          <ChevronLeft className="size-4" aria-hidden="true" />
          <span className="sr-only">{t('calendar.previousMonth')}</span>
        </button>
        <h2 id={headingId} aria-live="polite" className="text-base font-semibold capitalize">
          {formatMonth(first, locale)}
        </h2>
        <button
          type="button"
          onClick={() => goMonth(1)}
          disabled={nextDisabled}
          className="inline-flex size-10 items-center justify-center rounded-md border hover:bg-accent focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring disabled:opacity-40"
        >
          <ChevronRight className="size-4" aria-hidden="true" />
          <span className="sr-only">{t('calendar.nextMonth')}</span>
        </button>
      </div>
      <table
        ref={gridRef}
        role="grid"
        aria-labelledby={labelledBy ? `${labelledBy} ${headingId}` : headingId}
        className="w-full table-fixed border-collapse"
      >
        <thead>
          <tr>
            {weekdays.map((d) => (
              <th
                key={d.toISOString()}
                scope="col"
                abbr={weekdayLong.format(d)}
                className="pb-1 text-xs font-medium text-muted-foreground"
              >
                {weekdayShort.format(d)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((week) => (
            <tr key={toIsoDate(week[0] as Date)}>
              {week.map((date) => {
                const iso = toIsoDate(date);
                if (monthIndex(date) !== shown) {
                  // Days of the neighbouring months keep the grid at six rows without
                  // being reachable: they belong to another month's view.
                  return <td key={iso} role="gridcell" className="h-11 p-0.5" />;
                }
                const info = dayInfo?.(iso) ?? {};
                const isSelected = iso === selected;
                const name = [dayName.format(date), info.label].filter(Boolean).join(', ');
                return (
                  <td
                    key={iso}
                    role="gridcell"
                    aria-selected={isSelected}
                    className="h-11 p-0.5 text-center"
                  >
                    <button
                      type="button"
                      data-iso={iso}
                      tabIndex={iso === focusIso ? 0 : -1}
                      aria-label={name}
                      aria-disabled={info.disabled ? true : undefined}
                      aria-current={iso === todayIso ? 'date' : undefined}
                      title={info.label}
                      onClick={() => {
                        setFocused(iso);
                        if (!info.disabled) onSelect(iso);
                      }}
                      onKeyDown={(e) => onKeyDown(e, date)}
                      className={cn(
                        'relative flex h-10 w-full flex-col items-center justify-center rounded-md text-sm tabular-nums focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring focus-visible:ring-offset-1 focus-visible:ring-offset-background',
                        isSelected
                          ? 'bg-primary font-semibold text-primary-foreground'
                          : info.disabled
                            ? 'cursor-not-allowed text-muted-foreground'
                            : 'hover:bg-accent hover:text-accent-foreground',
                        !isSelected && iso === todayIso && 'font-semibold underline',
                        info.tone === 'unavailable' && !isSelected && 'line-through',
                        info.tone === 'special' && !isSelected && 'border border-dashed',
                      )}
                    >
                      <span>{date.getDate()}</span>
                      <span
                        aria-hidden="true"
                        className={cn(
                          'absolute bottom-1 size-1.5 rounded-full',
                          info.tone === 'available' &&
                            (isSelected ? 'bg-primary-foreground' : 'bg-success'),
                          info.tone === 'special' &&
                            (isSelected ? 'bg-primary-foreground' : 'bg-primary'),
                        )}
                      />
                    </button>
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
