import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { useMutation } from '@tanstack/react-query';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { z } from 'zod/mini';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { Input } from '@/components/ui/input';
import { changeLocale } from '@/i18n';
import { startSession } from '@/lib/api/client';
import { isApiError } from '@/lib/api/errors';
import { errorMessage } from '@/lib/api/messages';
import { usePageTitle } from '@/lib/page-title';
import { login, safeNext } from '../api/auth-api';
import { requiredField } from '../api/credentials';
import { retryAfterParts } from '../api/retry-after';
import { AuthCard } from '../components/auth-card';
import { PasswordInput } from '../components/password-input';

const kLinkClass = 'font-medium text-primary underline-offset-4 hover:underline';

export function LoginPage() {
  const { t } = useTranslation('auth');
  const { t: tc } = useTranslation();
  usePageTitle(t('login.title'));
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const next = safeNext(params.get('next'));

  // Login checks presence only: the password rules are for new passwords, and an old account
  // may predate them.
  const schema = z.object({
    email: requiredField(t('validation.emailRequired')),
    password: requiredField(t('validation.passwordRequired')),
  });
  type Values = z.infer<typeof schema>;
  const form = useForm<Values>({
    resolver: zodResolver(schema),
    defaultValues: { email: '', password: '' },
  });
  const { errors } = form.formState;

  const mutation = useMutation({
    mutationFn: (values: Values) => login(values.email.trim(), values.password),
    onSuccess: (session) => {
      startSession(session);
      void changeLocale(session.user.locale);
      const home = session.user.role === 'provider' ? '/business' : '/';
      navigate(next ?? home, { replace: true });
    },
  });

  const failure = (() => {
    const error = mutation.error;
    if (!error) return null;
    if (isApiError(error) && error.status === 429) {
      if (error.retryAfterSeconds === undefined) return t('login.rateLimitedLater');
      const { unit, count } = retryAfterParts(error.retryAfterSeconds);
      return t('login.rateLimited', { wait: t(`units.${unit}`, { count }) });
    }
    if (isApiError(error) && error.status === 401) return error.message || t('login.wrong');
    return errorMessage(error, tc);
  })();

  return (
    <AuthCard
      title={t('login.title')}
      description={next ? t('login.needed') : t('login.intro')}
      footer={
        <>
          <p>
            <Link to="/forgot-password" className={kLinkClass}>
              {t('login.forgot')}
            </Link>
          </p>
          <p>
            {t('login.noAccount')}{' '}
            <Link to="/register" className={kLinkClass}>
              {t('login.registerLink')}
            </Link>
          </p>
        </>
      }
    >
      <form
        noValidate
        className="grid gap-4"
        onSubmit={form.handleSubmit((values) => mutation.mutate(values))}
      >
        {failure ? <Alert tone="error">{failure}</Alert> : null}
        <Field id="login-email" label={t('fields.email')} error={errors.email?.message}>
          <Input
            type="email"
            autoComplete="username"
            inputMode="email"
            {...form.register('email')}
          />
        </Field>
        <Field id="login-password" label={t('fields.password')} error={errors.password?.message}>
          <PasswordInput autoComplete="current-password" {...form.register('password')} />
        </Field>
        <Button type="submit" disabled={mutation.isPending}>
          {mutation.isPending ? t('login.submitting') : t('login.submit')}
        </Button>
      </form>
    </AuthCard>
  );
}
