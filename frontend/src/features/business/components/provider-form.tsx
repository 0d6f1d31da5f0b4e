import { useMemo } from 'react';
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { z } from 'zod/mini';
import { useTranslation } from 'react-i18next';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { Input, NativeSelect, Textarea } from '@/components/ui/input';
import { Alert } from '@/components/ui/alert';
import { toast } from '@/components/ui/toaster';
import { useErrorText } from '@/lib/api/use-error-text';
import { useSaveProvider, type ProviderInput } from '../api/queries';
import { businessTypes, type Provider } from '../api/schemas';
import { timeZoneOptions } from '../lib/time-zones';
import { requiredText, wholeNumber } from '../lib/form-rules';
import { applyFieldErrors } from '@/lib/api/form-errors';

// Rules mirror ProviderCreateRequest / ProviderUpdateRequest in docs/openapi.yaml.
function useProviderSchema() {
  const { t } = useTranslation('business');
  return useMemo(() => {
    const whole = (min: number, max: number) => wholeNumber(t, min, max);
    return z.object({
      business_name: requiredText(t, 255),
      business_type: z.enum(businessTypes),
      description: z.string().check(z.maxLength(5000, t('form.errors.tooLong', { max: 5000 }))),
      address: z.string().check(z.maxLength(5000, t('form.errors.tooLong', { max: 5000 }))),
      timezone: z.string().check(z.minLength(1, t('form.errors.required'))),
      slot_interval_minutes: whole(5, 240),
      min_notice_minutes: whole(0, 43200),
      max_advance_days: whole(1, 730),
    });
  }, [t]);
}

type FormValues = z.infer<ReturnType<typeof useProviderSchema>>;

interface ProviderFormProps {
  provider: Provider | null;
  onSaved?: (provider: Provider) => void;
}

// Creates the business (no provider yet) or edits its profile and booking settings.
export function ProviderForm({ provider, onSaved }: ProviderFormProps) {
  const errorText = useErrorText();
  const { t } = useTranslation(['business', 'common']);
  const schema = useProviderSchema();
  const save = useSaveProvider(provider);
  const zones = useMemo(() => timeZoneOptions(provider?.timezone), [provider?.timezone]);
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors },
  } = useForm<FormValues>({
    resolver: zodResolver(schema),
    defaultValues: {
      business_name: provider?.business_name ?? '',
      business_type: provider?.business_type ?? 'salon',
      description: provider?.description ?? '',
      address: provider?.address ?? '',
      timezone: provider?.timezone ?? 'Asia/Jakarta',
      slot_interval_minutes: provider?.slot_interval_minutes ?? 30,
      min_notice_minutes: provider?.min_notice_minutes ?? 60,
      max_advance_days: provider?.max_advance_days ?? 90,
    },
  });

  const onSubmit = handleSubmit(async (values) => {
    const input: ProviderInput = {
      ...values,
      description: values.description.trim() || null,
      address: values.address.trim() || null,
    };
    try {
      const saved = await save.mutateAsync(input);
      toast.success(provider ? t('form.updated') : t('form.created'));
      onSaved?.(saved);
    } catch (e) {
      applyFieldErrors(e, setError, Object.keys(values) as (keyof FormValues)[]);
    }
  });

  const id = provider ? 'edit-provider' : 'new-provider';
  return (
    <form onSubmit={(e) => void onSubmit(e)} noValidate className="grid gap-4">
      {save.isError ? <Alert tone="error">{errorText(save.error)}</Alert> : null}
      <Field id={`${id}-name`} label={t('form.businessName')} error={errors.business_name?.message}>
        <Input autoComplete="organization" {...register('business_name')} />
      </Field>
      <Field id={`${id}-type`} label={t('form.businessType')} error={errors.business_type?.message}>
        <NativeSelect {...register('business_type')}>
          {businessTypes.map((type) => (
            <option key={type} value={type}>
              {t(`common:businessTypes.${type}`)}
            </option>
          ))}
        </NativeSelect>
      </Field>
      <Field
        id={`${id}-description`}
        label={`${t('form.description')} (${t('common:form.optional')})`}
        error={errors.description?.message}
      >
        <Textarea {...register('description')} />
      </Field>
      <Field
        id={`${id}-address`}
        label={`${t('form.address')} (${t('common:form.optional')})`}
        error={errors.address?.message}
      >
        <Textarea className="min-h-16" autoComplete="street-address" {...register('address')} />
      </Field>
      <Field
        id={`${id}-timezone`}
        label={t('form.timezone')}
        hint={t('form.timezoneHint')}
        error={errors.timezone?.message}
      >
        <NativeSelect {...register('timezone')}>
          {zones.map((zone) => (
            <option key={zone} value={zone}>
              {zone}
            </option>
          ))}
        </NativeSelect>
      </Field>
      <div className="grid gap-4 sm:grid-cols-3">
        <Field
          id={`${id}-interval`}
          label={t('form.slotInterval')}
          hint={t('form.slotIntervalHint')}
          error={errors.slot_interval_minutes?.message}
        >
          <Input
            type="number"
            inputMode="numeric"
            min={5}
            max={240}
            {...register('slot_interval_minutes', { valueAsNumber: true })}
          />
        </Field>
        <Field
          id={`${id}-notice`}
          label={t('form.minNotice')}
          hint={t('form.minNoticeHint')}
          error={errors.min_notice_minutes?.message}
        >
          <Input
            type="number"
            inputMode="numeric"
            min={0}
            max={43200}
            {...register('min_notice_minutes', { valueAsNumber: true })}
          />
        </Field>
        <Field
          id={`${id}-advance`}
          label={t('form.maxAdvance')}
          hint={t('form.maxAdvanceHint')}
          error={errors.max_advance_days?.message}
        >
          <Input
            type="number"
            inputMode="numeric"
            min={1}
            max={730}
            {...register('max_advance_days', { valueAsNumber: true })}
          />
        </Field>
      </div>
      <div>
        <Button type="submit" disabled={save.isPending}>
          {provider ? t('common:actions.save') : t('form.create')}
        </Button>
      </div>
    </form>
  );
}
