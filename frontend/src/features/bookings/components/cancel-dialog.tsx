import { useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
  DialogTrigger,
} from '@/components/ui/dialog';
import { Field } from '@/components/ui/field';
import { Textarea } from '@/components/ui/input';
import { toast } from '@/components/ui/toaster';
import { errorMessage } from '@/lib/api/messages';
import {
  cancelBooking,
  kBookingsKey,
  kCancellationCutoffHours,
  pastCutoff,
  type Booking,
} from '../api/bookings-api';
import { kMaxNoteLength } from '@/lib/api/schemas';

// Cancels with an optional reason. The cut-off is explained before, and the API's refusal
// (past the cut-off, or the booking changed meanwhile) shown as it words it.
export function CancelDialog({ booking }: { booking: Booking }) {
  const { t } = useTranslation('bookings');
  const { t: tc } = useTranslation();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const mutation = useMutation({
    mutationFn: () => cancelBooking(booking.id, reason.trim()),
    onSuccess: () => {
      setOpen(false);
      toast.success(t('cancel.done'));
      void queryClient.invalidateQueries({ queryKey: kBookingsKey });
    },
  });
  const tooLong = reason.length > kMaxNoteLength;

  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (!next) mutation.reset();
      }}
    >
      <DialogTrigger asChild>
        <Button variant="outline">{t('cancel.open')}</Button>
      </DialogTrigger>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>{t('cancel.title')}</DialogTitle>
          <DialogDescription>
            {t('cancel.cutoff', { count: kCancellationCutoffHours })}
          </DialogDescription>
        </DialogHeader>
        <form
          noValidate
          className="grid gap-4"
          onSubmit={(e) => {
            e.preventDefault();
            if (!tooLong) mutation.mutate();
          }}
        >
          {pastCutoff(booking) ? (
            <Alert tone="warning">
              {t('cancel.pastCutoff', { count: kCancellationCutoffHours })}
            </Alert>
          ) : null}
          {mutation.error ? <Alert tone="error">{errorMessage(mutation.error, tc)}</Alert> : null}
          <Field
            id="cancel-reason"
            label={t('cancel.reason')}
            hint={t('cancel.reasonHint')}
            error={tooLong ? t('cancel.reasonTooLong', { count: kMaxNoteLength }) : undefined}
          >
            <Textarea value={reason} onChange={(e) => setReason(e.target.value)} rows={3} />
          </Field>
          <DialogFooter>
            <Button variant="outline" onClick={() => setOpen(false)}>
              {t('cancel.keep')}
            </Button>
            <Button type="submit" variant="destructive" disabled={mutation.isPending}>
              {mutation.isPending ? t('cancel.submitting') : t('cancel.submit')}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
