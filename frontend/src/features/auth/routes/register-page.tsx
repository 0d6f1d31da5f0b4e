import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { useMutation } from '@tanstack/react-query';
import { Link, useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { z } from 'zod/mini';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { Input } from '@/components/ui/input';
import { toast } from '@/components/ui/toaster';
import { startSession } from '@/lib/api/client';
import { isApiError } from '@/lib/api/errors';
import { errorMessage } from '@/lib/api/messages';
import { usePageTitle } from '@/lib/page-title';
import { register as registerAccount } from '../api/auth-api';
import { emailField, fullNameField, passwordField, phoneField } from '../api/credentials';
import { applyFieldErrors } from '@/lib/api/form-errors';
import { AuthCard } from '../components/auth-card';
import { PasswordInput } from '../components/password-input';

const kFields = ['role', 'full_name', 'email', 'phone', 'password'] as const;

export function RegisterPage() {
  const { t, i18n } = useTranslation('auth');
  const { t: tc } = useTranslation();
  usePageTitle(t('register.title'));
  const navigate = useNavigate();

  const schema = z.object({
    role: z.enum(['customer', 'provider']),
    full_name: fullNameField(t),
    email: emailField(t),
    phone: phoneField(t),
    password: passwordField(t),
  });
  type Values = z.infer<typeof schema>;

  const form = useForm<Values>({
    resolver: zodResolver(schema),
    defaultValues: { role: 'customer', full_name: '', email: '', phone: '', password: '' },
    mode: 'onTouched',
  });
  const { errors } = form.formState;

  const mutation = useMutation({
    mutationFn: (values: Values) =>
      registerAccount({
        role: values.role,
        full_name: values.full_name.trim(),
        email: values.email.trim(),
        password: values.password,
        ...(values.phone.trim() ? { phone: values.phone.trim() } : {}),
        locale: i18n.language === 'en' ? 'en' : 'id',
      }),
    onSuccess: (session) => {
      startSession(session);
      toast.success(t('register.done', { email: session.user.email }));
      navigate(session.user.role === 'provider' ? '/business' : '/', { replace: true });
    },
    onError: (error) => {
      applyFieldErrors(error, form.setError, kFields);
      // 409: the address is taken; say so on the e-mail field, where the user will fix it.
      if (isApiError(error) && error.status === 409) {
        form.setError('email', { type: 'server', message: error.message });
      }
    },
  });

  const error = mutation.error;
  const fieldShown =
    isApiError(error) && (error.status === 409 || Object.keys(error.details).length > 0);

  return (
    <AuthCard
      title={t('register.title')}
      description={t('register.intro')}
      footer={
        <p>
          {t('register.haveAccount')}{' '}
          <Link to="/login" className="font-medium text-primary underline-offset-4 hover:underline">
            {t('register.loginLink')}
          </Link>
        </p>
      }
    >
      <form
        noValidate
        className="grid gap-4"
        onSubmit={form.handleSubmit((values) => mutation.mutate(values))}
      >
        {error && !fieldShown ? <Alert tone="error">{errorMessage(error, tc)}</Alert> : null}
        <fieldset className="grid gap-2">
          <legend className="mb-1 text-sm font-medium">{t('register.roleLegend')}</legend>
          <div className="grid gap-2 sm:grid-cols-2">
            {(['customer', 'provider'] as const).map((role) => (
              <label
                key={role}
                className="flex cursor-pointer items-start gap-3 rounded-md border p-3 text-sm has-[:checked]:border-primary has-[:focus-visible]:ring-2 has-[:focus-visible]:ring-ring"
              >
                <input
                  type="radio"
                  value={role}
                  className="mt-0.5 size-4 accent-[var(--primary)]"
                  {...form.register('role')}
                />
                <span className="grid gap-0.5">
                  <span className="font-medium">{t(`register.roles.${role}`)}</span>
                  <span className="text-muted-foreground">{t(`register.roles.${role}Hint`)}</span>
                </span>
              </label>
            ))}
          </div>
        </fieldset>
        <Field id="register-name" label={t('fields.fullName')} error={errors.full_name?.message}>
          <Input autoComplete="name" {...form.register('full_name')} />
        </Field>
        <Field id="register-email" label={t('fields.email')} error={errors.email?.message}>
          <Input type="email" autoComplete="email" inputMode="email" {...form.register('email')} />
        </Field>
        <Field
          id="register-phone"
          label={
            <>
              {t('fields.phone')}{' '}
              <span className="font-normal text-muted-foreground">({tc('form.optional')})</span>
            </>
          }
          hint={t('fields.phoneHint')}
          error={errors.phone?.message}
        >
          <Input type="tel" autoComplete="tel" inputMode="tel" {...form.register('phone')} />
        </Field>
        <Field
          id="register-password"
          label={t('fields.password')}
          hint={t('fields.passwordHint')}
          error={errors.password?.message}
        >
          <PasswordInput autoComplete="new-password" {...form.register('password')} />
        </Field>
        <Button type="submit" disabled={mutation.isPending}>
          {mutation.isPending ? t('register.submitting') : t('register.submit')}
        </Button>
      </form>
    </AuthCard>
  );
}
