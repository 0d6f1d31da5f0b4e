import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { useMutation } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { z } from 'zod/mini';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { Input } from '@/components/ui/input';
import { errorMessage } from '@/lib/api/messages';
import { usePageTitle } from '@/lib/page-title';
import { forgotPassword } from '../api/auth-api';
import { emailField } from '../api/credentials';
import { applyFieldErrors } from '@/lib/api/form-errors';
import { AuthCard } from '../components/auth-card';

// The answer is the same whether or not the address has an account (the API's too), so the
// page never tells who is registered.
export function ForgotPasswordPage() {
  const { t } = useTranslation('auth');
  const { t: tc } = useTranslation();
  usePageTitle(t('forgot.title'));

  const schema = z.object({ email: emailField(t) });
  type Values = z.infer<typeof schema>;
  const form = useForm<Values>({ resolver: zodResolver(schema), defaultValues: { email: '' } });

  const mutation = useMutation({
    mutationFn: (values: Values) => forgotPassword(values.email.trim()),
    onError: (error) => applyFieldErrors(error, form.setError, ['email']),
  });

  return (
    <AuthCard
      title={t('forgot.title')}
      description={t('forgot.intro')}
      footer={
        <p>
          <Link to="/login" className="font-medium text-primary underline-offset-4 hover:underline">
            {t('forgot.backToLogin')}
          </Link>
        </p>
      }
    >
      {mutation.isSuccess ? (
        <Alert tone="success">{t('forgot.sent')}</Alert>
      ) : (
        <form
          noValidate
          className="grid gap-4"
          onSubmit={form.handleSubmit((values) => mutation.mutate(values))}
        >
          {mutation.error ? <Alert tone="error">{errorMessage(mutation.error, tc)}</Alert> : null}
          <Field
            id="forgot-email"
            label={t('fields.email')}
            error={form.formState.errors.email?.message}
          >
            <Input
              type="email"
              autoComplete="email"
              inputMode="email"
              {...form.register('email')}
            />
          </Field>
          <Button type="submit" disabled={mutation.isPending}>
            {t('forgot.submit')}
          </Button>
        </form>
      )}
    </AuthCard>
  );
}
