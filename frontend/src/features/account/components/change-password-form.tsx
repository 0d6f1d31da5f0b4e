import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { z } from 'zod/mini';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { toast } from '@/components/ui/toaster';
import { startSession } from '@/lib/api/client';
import { isApiError } from '@/lib/api/errors';
import { errorMessage } from '@/lib/api/messages';
import { changePassword } from '@/features/auth/api/auth-api';
import { passwordField, requiredField } from '@/features/auth/api/credentials';
import { applyFieldErrors } from '@/lib/api/form-errors';
import { PasswordInput } from '@/features/auth/components/password-input';

// The answer is a new session (every older one, this tab's included, has ended).
export function ChangePasswordForm() {
  const { t } = useTranslation('account');
  const { t: ta } = useTranslation('auth');
  const { t: tc } = useTranslation();

  const schema = z
    .object({
      current: requiredField(ta('validation.passwordRequired')),
      password: passwordField(ta),
      confirm: z.string(),
    })
    .check(
      z.refine((v) => v.password === v.confirm, {
        message: ta('validation.passwordsDiffer'),
        path: ['confirm'],
      }),
    );
  type Values = z.infer<typeof schema>;
  const form = useForm<Values>({
    resolver: zodResolver(schema),
    defaultValues: { current: '', password: '', confirm: '' },
  });
  const { errors } = form.formState;

  const mutation = useMutation({
    mutationFn: (values: Values) => changePassword(values.current, values.password),
    onSuccess: (session) => {
      startSession(session);
      form.reset();
      toast.success(t('password.done'));
    },
    onError: (error) =>
      applyFieldErrors(error, form.setError, ['current', 'password'], {
        current_password: 'current',
        new_password: 'password',
      }),
  });

  const error = mutation.error;
  const onField =
    isApiError(error) && Boolean(error.details.current_password || error.details.new_password);

  return (
    <form
      noValidate
      className="grid gap-4"
      onSubmit={form.handleSubmit((values) => mutation.mutate(values))}
    >
      {error && !onField ? <Alert tone="error">{errorMessage(error, tc)}</Alert> : null}
      <Field
        id="password-current"
        label={ta('fields.currentPassword')}
        error={errors.current?.message}
      >
        <PasswordInput autoComplete="current-password" {...form.register('current')} />
      </Field>
      <Field
        id="password-new"
        label={ta('fields.newPassword')}
        hint={ta('fields.passwordHint')}
        error={errors.password?.message}
      >
        <PasswordInput autoComplete="new-password" {...form.register('password')} />
      </Field>
      <Field
        id="password-confirm"
        label={ta('fields.confirmPassword')}
        error={errors.confirm?.message}
      >
        <PasswordInput autoComplete="new-password" {...form.register('confirm')} />
      </Field>
      <div>
        <Button type="submit" disabled={mutation.isPending}>
          {t('password.submit')}
        </Button>
      </div>
    </form>
  );
}
