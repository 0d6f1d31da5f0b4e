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
import { Input, Textarea } from '@/components/ui/input';
import { toast } from '@/components/ui/toaster';
import { errorMessage } from '@/lib/api/messages';
import { kMaxNoteLength } from '@/lib/api/schemas';
import { formatRupiah } from '@/lib/format';
import { kBookingsKey } from '@/features/bookings/api/bookings-api';
import { refundPayment, type Payment, type RefundInput } from '../api/payments';
import { parseRefundAmount } from '../lib/refund-amount';

// Admins: give back all or part of a paid payment, with the reason kept.
export function RefundDialog({ payment }: { payment: Payment }) {
  const { t, i18n } = useTranslation('payments');
  const { t: tc } = useTranslation('common');
  const locale = i18n.language;
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [amount, setAmount] = useState('');
  const [reason, setReason] = useState('');
  const [checked, setChecked] = useState(false);
  const left = payment.gross_amount - payment.refunded_amount;
  const parsedAmount = parseRefundAmount(amount, left);
  const reasonError =
    reason.trim() === ''
      ? t('refund.reasonRequired')
      : reason.length > kMaxNoteLength
        ? t('refund.reasonTooLong', { max: kMaxNoteLength })
        : undefined;
  const amountError =
    parsedAmount === 'invalid' ? t('refund.amountInvalid', { max: left }) : undefined;

  const mutation = useMutation({
    mutationFn: (input: RefundInput) => refundPayment(payment.id, input),
    onSuccess: () => {
      setOpen(false);
      toast.success(t('refund.done'));
      void queryClient.invalidateQueries({ queryKey: kBookingsKey });
    },
  });

  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (!next) {
          mutation.reset();
          setChecked(false);
        }
      }}
    >
      <DialogTrigger asChild>
        <Button variant="outline">{t('refund.open')}</Button>
      </DialogTrigger>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>{t('refund.title')}</DialogTitle>
          <DialogDescription>
            {t('refund.description', {
              paid: formatRupiah(payment.gross_amount, locale),
              refunded: formatRupiah(payment.refunded_amount, locale),
            })}
          </DialogDescription>
        </DialogHeader>
        <form
          noValidate
          className="grid gap-4"
          onSubmit={(e) => {
            e.preventDefault();
            setChecked(true);
            if (amountError || reasonError || parsedAmount === 'invalid') return;
            const input: RefundInput = { reason: reason.trim() };
            if (parsedAmount !== null) input.amount = parsedAmount;
            mutation.mutate(input);
          }}
        >
          {mutation.error ? <Alert tone="error">{errorMessage(mutation.error, tc)}</Alert> : null}
          <Field
            id="refund-amount"
            label={t('refund.amount')}
            hint={t('refund.amountHint', { left: formatRupiah(left, locale) })}
            error={checked ? amountError : undefined}
          >
            <Input
              inputMode="numeric"
              autoComplete="off"
              value={amount}
              onChange={(e) => setAmount(e.target.value)}
            />
          </Field>
          <Field
            id="refund-reason"
            label={t('refund.reason')}
            error={checked ? reasonError : undefined}
          >
            <Textarea rows={3} value={reason} onChange={(e) => setReason(e.target.value)} />
          </Field>
          <DialogFooter>
            <Button variant="outline" onClick={() => setOpen(false)}>
              {t('refund.cancel')}
            </Button>
            <Button type="submit" variant="destructive" disabled={mutation.isPending}>
              {mutation.isPending ? t('refund.submitting') : t('refund.submit')}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
