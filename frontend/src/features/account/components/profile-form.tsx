import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { z } from 'zod/mini';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { Input, NativeSelect } from '@/components/ui/input';
import { toast } from '@/components/ui/toaster';
import { changeLocale } from '@/i18n';
import { isApiError } from '@/lib/api/errors';
import { errorMessage } from '@/lib/api/messages';
import type { User } from '@/lib/api/schemas';
import { useSession } from '@/lib/api/session-store';
import { fullNameField, phoneField } from '@/features/auth/api/credentials';
import { applyFieldErrors } from '@/lib/api/form-errors';
import { kMeKey, updateMe } from '../api/account-api';

const kFields = ['full_name', 'phone', 'locale'] as const;

export function ProfileForm({ user }: { user: User }) {
  const { t } = useTranslation('account');
  const { t: ta } = useTranslation('auth');
  const { t: tc } = useTranslation();
  const queryClient = useQueryClient();

  const schema = z.object({
    full_name: fullNameField(ta),
    phone: phoneField(ta),
    locale: z.enum(['id', 'en']),
  });
  type Values = z.infer<typeof schema>;
  const form = useForm<Values>({
    resolver: zodResolver(schema),
    defaultValues: { full_name: user.full_name, phone: user.phone ?? '', locale: user.locale },
  });
  const { errors } = form.formState;

  const mutation = useMutation({
    mutationFn: (values: Values) =>
      updateMe({
        full_name: values.full_name.trim(),
        phone: values.phone.trim() || null,
        locale: values.locale,
      }),
    onSuccess: async (updated) => {
      useSession.getState().setUser(updated);
      form.reset({
        full_name: updated.full_name,
        phone: updated.phone ?? '',
        locale: updated.locale,
      });
      await changeLocale(updated.locale);
      void queryClient.invalidateQueries({ queryKey: kMeKey });
      toast.success(t('profile.saved'));
    },
    onError: (error) => applyFieldErrors(error, form.setError, kFields),
  });

  const error = mutation.error;
  const onField = isApiError(error) && kFields.some((f) => error.details[f]);

  return (
    <form
      noValidate
      className="grid gap-4"
      onSubmit={form.handleSubmit((values) => mutation.mutate(values))}
    >
      {error && !onField ? <Alert tone="error">{errorMessage(error, tc)}</Alert> : null}
      <Field id="profile-name" label={ta('fields.fullName')} error={errors.full_name?.message}>
        <Input autoComplete="name" {...form.register('full_name')} />
      </Field>
      <Field
        id="profile-phone"
        label={ta('fields.phone')}
        hint={ta('fields.phoneHint')}
        error={errors.phone?.message}
      >
        <Input type="tel" autoComplete="tel" inputMode="tel" {...form.register('phone')} />
      </Field>
      <Field
        id="profile-locale"
        label={t('profile.locale')}
        hint={t('profile.localeHint')}
        error={errors.locale?.message}
      >
        <NativeSelect {...form.register('locale')}>
          <option value="id">{tc('language.id')}</option>
          <option value="en">{tc('language.en')}</option>
        </NativeSelect>
      </Field>
      <div>
        <Button type="submit" disabled={mutation.isPending || !form.formState.isDirty}>
          {tc('actions.save')}
        </Button>
      </div>
    </form>
  );
}
