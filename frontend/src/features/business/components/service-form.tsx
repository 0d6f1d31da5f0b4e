import { useMemo } from 'react';
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { z } from 'zod/mini';
import { useTranslation } from 'react-i18next';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { DialogFooter } from '@/components/ui/dialog';
import { Field } from '@/components/ui/field';
import { Input, Textarea } from '@/components/ui/input';
import { toast } from '@/components/ui/toaster';
import { useErrorText } from '@/lib/api/use-error-text';
import { useSaveService } from '../api/queries';
import type { Service } from '../api/schemas';
import { requiredText, wholeNumber } from '../lib/form-rules';
import { applyFieldErrors } from '@/lib/api/form-errors';

// Rules mirror ServiceCreateRequest in docs/openapi.yaml.
function useServiceSchema() {
  const { t } = useTranslation('business');
  return useMemo(() => {
    const whole = (min: number, max: number) => wholeNumber(t, min, max);
    return z.object({
      name: requiredText(t, 255),
      description: z.string().check(z.maxLength(5000, t('form.errors.tooLong', { max: 5000 }))),
      duration: whole(5, 1440),
      price: whole(0, 9_999_999_999),
      buffer_before_minutes: whole(0, 1440),
      buffer_after_minutes: whole(0, 1440),
      is_active: z.boolean(),
    });
  }, [t]);
}

type FormValues = z.infer<ReturnType<typeof useServiceSchema>>;

interface ServiceFormProps {
  providerId: string;
  service: Service | null;
  onDone: () => void;
}

export function ServiceForm({ providerId, service, onDone }: ServiceFormProps) {
  const errorText = useErrorText();
  const { t } = useTranslation(['business', 'common']);
  const schema = useServiceSchema();
  const save = useSaveService(providerId);
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors },
  } = useForm<FormValues>({
    resolver: zodResolver(schema),
    defaultValues: {
      name: service?.name ?? '',
      description: service?.description ?? '',
      duration: service?.duration ?? 60,
      price: service?.price ?? 0,
      buffer_before_minutes: service?.buffer_before_minutes ?? 0,
      buffer_after_minutes: service?.buffer_after_minutes ?? 0,
      is_active: service?.is_active ?? true,
    },
  });

  const onSubmit = handleSubmit(async (values) => {
    try {
      await save.mutateAsync({
        id: service?.id ?? null,
        input: { ...values, description: values.description.trim() || null },
      });
      toast.success(service ? t('services.updated') : t('services.created'));
      onDone();
    } catch (e) {
      applyFieldErrors(e, setError, Object.keys(values) as (keyof FormValues)[]);
    }
  });

  const id = service ? `service-${service.id}` : 'service-new';
  const number = { type: 'number', inputMode: 'numeric' } as const;
  return (
    <form onSubmit={(e) => void onSubmit(e)} noValidate className="grid gap-4">
      {save.isError ? <Alert tone="error">{errorText(save.error)}</Alert> : null}
      <Field id={`${id}-name`} label={t('services.name')} error={errors.name?.message}>
        <Input {...register('name')} />
      </Field>
      <Field
        id={`${id}-description`}
        label={`${t('services.description')} (${t('common:form.optional')})`}
        error={errors.description?.message}
      >
        <Textarea className="min-h-16" {...register('description')} />
      </Field>
      <div className="grid gap-4 sm:grid-cols-2">
        <Field
          id={`${id}-duration`}
          label={t('services.duration')}
          error={errors.duration?.message}
        >
          <Input
            {...number}
            min={5}
            max={1440}
            {...register('duration', { valueAsNumber: true })}
          />
        </Field>
        <Field
          id={`${id}-price`}
          label={t('services.price')}
          hint={t('services.priceHint')}
          error={errors.price?.message}
        >
          <Input {...number} min={0} step={1000} {...register('price', { valueAsNumber: true })} />
        </Field>
        <Field
          id={`${id}-before`}
          label={t('services.bufferBefore')}
          error={errors.buffer_before_minutes?.message}
        >
          <Input
            {...number}
            min={0}
            max={1440}
            {...register('buffer_before_minutes', { valueAsNumber: true })}
          />
        </Field>
        <Field
          id={`${id}-after`}
          label={t('services.bufferAfter')}
          error={errors.buffer_after_minutes?.message}
        >
          <Input
            {...number}
            min={0}
            max={1440}
            {...register('buffer_after_minutes', { valueAsNumber: true })}
          />
        </Field>
      </div>
      <label className="flex items-center gap-2 text-sm" htmlFor={`${id}-active`}>
        <input
          id={`${id}-active`}
          type="checkbox"
          className="size-4 accent-primary"
          {...register('is_active')}
        />
        {t('services.activeLabel')}
      </label>
      <DialogFooter>
        <Button variant="outline" onClick={onDone}>
          {t('common:actions.cancel')}
        </Button>
        <Button type="submit" disabled={save.isPending}>
          {t('common:actions.save')}
        </Button>
      </DialogFooter>
    </form>
  );
}
