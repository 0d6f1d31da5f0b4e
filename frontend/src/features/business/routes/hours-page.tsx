import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useQueryClient } from '@tanstack/react-query';
import { Copy, Plus, Trash2 } from 'lucide-react';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
} from '@/components/ui/dialog';
import { Input } from '@/components/ui/input';
import { Skeleton } from '@/components/ui/skeleton';
import { toast } from '@/components/ui/toaster';
import { ErrorState } from '@/components/feedback/error-state';
import { apiData, apiSend } from '@/lib/api/client';
import { useErrorText } from '@/lib/api/use-error-text';
import { z } from 'zod/mini';
import { businessKeys, useSchedules } from '../api/queries';
import { scheduleSchema, type Provider, type Schedule } from '../api/schemas';
import { ProviderPage } from '../components/provider-page';
import {
  copyDay,
  diffWeek,
  endMinutes,
  isTimeOfDay,
  kWeekdays,
  newKey,
  validateDay,
  weekFromSchedules,
  weekIsValid,
  type ScheduleOp,
  type TimeRange,
  type Week,
} from '../lib/hours';

export function HoursPage() {
  const { t } = useTranslation('business');
  return (
    <ProviderPage title={t('hours.title')} description={t('hours.intro')}>
      {(provider) => <HoursLoader provider={provider} />}
    </ProviderPage>
  );
}

function HoursLoader({ provider }: { provider: Provider }) {
  const { t } = useTranslation('business');
  const schedules = useSchedules(provider.id);
  if (schedules.isPending) {
    return (
      <div className="grid gap-3" aria-busy="true" aria-label={t('loading')}>
        <Skeleton className="h-24 w-full" />
        <Skeleton className="h-24 w-full" />
      </div>
    );
  }
  if (schedules.isError) {
    return <ErrorState error={schedules.error} onRetry={() => void schedules.refetch()} />;
  }
  return <HoursEditor provider={provider} initial={schedules.data} />;
}

const kScheduleEnvelope = z.object({ schedule: scheduleSchema });

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

function nextRange(ranges: readonly TimeRange[]): TimeRange {
  const last = ranges[ranges.length - 1];
  if (!last || !isTimeOfDay(last.end))
    return { key: newKey(), id: null, start: '09:00', end: '17:00' };
  const start = Math.min(endMinutes(last.end), 23 * 60);
  const end = Math.min(start + 60, 24 * 60);
  const hhmm = (m: number) => `${pad(Math.floor(m / 60))}:${pad(m % 60)}`;
  return { key: newKey(), id: null, start: hhmm(start), end: hhmm(end) };
}

export function HoursEditor({ provider, initial }: { provider: Provider; initial: Schedule[] }) {
  const errorText = useErrorText();
  const { t } = useTranslation(['business', 'common']);
  const queryClient = useQueryClient();
  const [week, setWeek] = useState<Week>(() => weekFromSchedules(initial));
  const [baseline, setBaseline] = useState<Schedule[]>(initial);
  const [apiErrors, setApiErrors] = useState<Record<string, string>>({});
  const [dayErrors, setDayErrors] = useState<Record<number, string>>({});
  const [copyFrom, setCopyFrom] = useState<number | null>(null);
  const [saving, setSaving] = useState(false);
  const [attempted, setAttempted] = useState(false);

  const dayName = (day: number) => t(`common:weekdays.${day}` as 'common:weekdays.0');
  const setDay = (day: number, ranges: TimeRange[]) => setWeek((w) => ({ ...w, [day]: ranges }));
  const editRange = (day: number, key: string, patch: Partial<TimeRange>) => {
    setDay(
      day,
      (week[day] ?? []).map((r) => (r.key === key ? { ...r, ...patch } : r)),
    );
    setApiErrors((e) => Object.fromEntries(Object.entries(e).filter(([k]) => k !== key)));
  };

  const pendingOps = diffWeek(baseline, week);
  const dirty = pendingOps.length > 0;

  const save = async () => {
    setAttempted(true);
    if (!weekIsValid(week)) {
      toast.error(t('hours.fixFirst'));
      return;
    }
    setSaving(true);
    const base = `/providers/${provider.id}/schedules`;
    let current = [...baseline];
    let nextWeek = week;
    const rangeErrs: Record<string, string> = {};
    const dayErrs: Record<number, string> = {};
    const apply = async (op: ScheduleOp) => {
      if (op.kind === 'delete') {
        await apiSend(`${base}/${op.id}`, { method: 'DELETE' });
        current = current.filter((s) => s.id !== op.id);
      } else if (op.kind === 'update') {
        const { schedule } = await apiData(`${base}/${op.id}`, kScheduleEnvelope, {
          method: 'PUT',
          body: { start_time: op.start, end_time: op.end },
        });
        current = current.map((s) => (s.id === op.id ? schedule : s));
      } else {
        const { schedule } = await apiData(base, kScheduleEnvelope, {
          method: 'POST',
          body: { day_of_week: op.day, start_time: op.start, end_time: op.end },
        });
        current = [...current, schedule];
        nextWeek = {
          ...nextWeek,
          [op.day]: (nextWeek[op.day] ?? []).map((r) =>
            r.key === op.key ? { ...r, id: schedule.id } : r,
          ),
        };
      }
    };
    for (const op of pendingOps) {
      try {
        await apply(op);
      } catch (e) {
        const message = errorText(e);
        if (op.kind === 'delete') dayErrs[op.day] = message;
        else rangeErrs[op.key] = message;
      }
    }
    setBaseline(current);
    setWeek(nextWeek);
    setApiErrors(rangeErrs);
    setDayErrors(dayErrs);
    setSaving(false);
    queryClient.setQueryData(businessKeys.schedules(provider.id), current);
    if (Object.keys(rangeErrs).length || Object.keys(dayErrs).length) {
      toast.error(t('hours.partlySaved'));
    } else {
      toast.success(t('hours.saved'));
    }
  };

  return (
    <div className="grid gap-4">
      {attempted && !weekIsValid(week) ? <Alert tone="error">{t('hours.fixFirst')}</Alert> : null}
      <ol className="grid gap-3">
        {kWeekdays.map((day) => {
          const ranges = week[day] ?? [];
          const errors = validateDay(ranges);
          const name = dayName(day);
          return (
            <li key={day}>
              <section
                aria-labelledby={`day-${day}`}
                className="grid gap-3 rounded-lg border bg-card p-4"
              >
                <div className="flex flex-wrap items-center justify-between gap-2">
                  <h2 id={`day-${day}`} className="font-medium">
                    {name}
                  </h2>
                  <div className="flex flex-wrap gap-2">
                    <Button
                      size="sm"
                      variant="outline"
                      onClick={() => setDay(day, [...ranges, nextRange(ranges)])}
                    >
                      <Plus aria-hidden="true" />
                      {t('hours.addRange')}
                      <span className="sr-only">{t('hours.forDay', { day: name })}</span>
                    </Button>
                    <Button
                      size="sm"
                      variant="ghost"
                      disabled={ranges.length === 0}
                      onClick={() => setCopyFrom(day)}
                    >
                      <Copy aria-hidden="true" />
                      {t('hours.copy')}
                      <span className="sr-only">{t('hours.fromDay', { day: name })}</span>
                    </Button>
                  </div>
                </div>
                {dayErrors[day] ? <Alert tone="error">{dayErrors[day]}</Alert> : null}
                {ranges.length === 0 ? (
                  <p className="text-sm text-muted-foreground">{t('hours.closed')}</p>
                ) : (
                  <ul className="grid gap-2">
                    {ranges.map((r, index) => {
                      const local = errors[index];
                      const message =
                        apiErrors[r.key] ?? (local ? t(`hours.errors.${local}`) : undefined);
                      const errorId = message ? `range-${r.key}-error` : undefined;
                      const label = t('hours.rangeLabel', { day: name, n: index + 1 });
                      return (
                        <li key={r.key} className="grid gap-1" aria-label={label}>
                          <div className="flex flex-wrap items-center gap-2">
                            <Input
                              className="w-24"
                              inputMode="numeric"
                              placeholder="09:00"
                              maxLength={5}
                              value={r.start}
                              aria-label={`${label}: ${t('hours.start')}`}
                              aria-invalid={message ? true : undefined}
                              aria-describedby={errorId}
                              onChange={(e) => editRange(day, r.key, { start: e.target.value })}
                            />
                            <span aria-hidden="true">–</span>
                            <Input
                              className="w-24"
                              inputMode="numeric"
                              placeholder="17:00"
                              maxLength={5}
                              value={r.end}
                              aria-label={`${label}: ${t('hours.end')}`}
                              aria-invalid={message ? true : undefined}
                              aria-describedby={errorId}
                              onChange={(e) => editRange(day, r.key, { end: e.target.value })}
                            />
                            <Button
                              size="icon"
                              variant="ghost"
                              onClick={() =>
                                setDay(
                                  day,
                                  ranges.filter((x) => x.key !== r.key),
                                )
                              }
                            >
                              <Trash2 aria-hidden="true" />
                              <span className="sr-only">{t('hours.removeRange', { label })}</span>
                            </Button>
                          </div>
                          {message ? (
                            <p id={errorId} role="alert" className="text-sm text-destructive">
                              {message}
                            </p>
                          ) : null}
                        </li>
                      );
                    })}
                  </ul>
                )}
              </section>
            </li>
          );
        })}
      </ol>
      <p className="text-xs text-muted-foreground">{t('hours.midnightHint')}</p>
      <div className="sticky bottom-0 flex flex-wrap items-center gap-3 border-t bg-background py-3">
        <Button onClick={() => void save()} disabled={saving || !dirty}>
          {t('hours.save')}
        </Button>
        <span className="text-sm text-muted-foreground" aria-live="polite">
          {dirty ? t('hours.unsaved', { count: pendingOps.length }) : t('hours.upToDate')}
        </span>
      </div>
      <CopyDialog
        from={copyFrom}
        dayName={dayName}
        onClose={() => setCopyFrom(null)}
        onApply={(targets) => {
          if (copyFrom !== null) setWeek((w) => copyDay(w, copyFrom, targets));
          setCopyFrom(null);
        }}
      />
    </div>
  );
}

interface CopyDialogProps {
  from: number | null;
  dayName: (day: number) => string;
  onClose: () => void;
  onApply: (targets: number[]) => void;
}

function CopyDialog({ from, dayName, onClose, onApply }: CopyDialogProps) {
  const { t } = useTranslation(['business', 'common']);
  const [targets, setTargets] = useState<number[]>([]);
  const toggle = (day: number, on: boolean) =>
    setTargets((x) => (on ? [...x, day] : x.filter((d) => d !== day)));
  return (
    <Dialog
      open={from !== null}
      onOpenChange={(open) => {
        if (!open) {
          setTargets([]);
          onClose();
        }
      }}
    >
      <DialogContent>
        <DialogHeader>
          <DialogTitle>
            {t('hours.copyTitle', { day: from === null ? '' : dayName(from) })}
          </DialogTitle>
          <DialogDescription>{t('hours.copyBody')}</DialogDescription>
        </DialogHeader>
        <fieldset className="grid gap-2">
          <legend className="sr-only">{t('hours.copyTargets')}</legend>
          {kWeekdays
            .filter((d) => d !== from)
            .map((day) => (
              <label key={day} className="flex items-center gap-2 text-sm">
                <input
                  type="checkbox"
                  className="size-4 accent-primary"
                  checked={targets.includes(day)}
                  onChange={(e) => toggle(day, e.target.checked)}
                />
                {dayName(day)}
              </label>
            ))}
        </fieldset>
        <DialogFooter>
          <Button
            variant="outline"
            onClick={() => {
              setTargets([]);
              onClose();
            }}
          >
            {t('common:actions.cancel')}
          </Button>
          <Button
            disabled={targets.length === 0}
            onClick={() => {
              onApply(targets);
              setTargets([]);
            }}
          >
            {t('hours.copyApply')}
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
