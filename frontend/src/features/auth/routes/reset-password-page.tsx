import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { useMutation } from '@tanstack/react-query';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { z } from 'zod/mini';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { toast } from '@/components/ui/toaster';
import { isApiError } from '@/lib/api/errors';
import { errorMessage } from '@/lib/api/messages';
import { usePageTitle } from '@/lib/page-title';
import { resetPassword } from '../api/auth-api';
import { passwordField } from '../api/credentials';
import { applyFieldErrors } from '@/lib/api/form-errors';
import { AuthCard } from '../components/auth-card';
import { PasswordInput } from '../components/password-input';

const kLinkClass = 'font-medium text-primary underline-offset-4 hover:underline';

export function ResetPasswordPage() {
  const { t } = useTranslation('auth');
  const { t: tc } = useTranslation();
  usePageTitle(t('reset.title'));
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';

  const schema = z.object({ password: passwordField(t), confirm: z.string() }).check(
    z.refine((v) => v.password === v.confirm, {
      message: t('validation.passwordsDiffer'),
      path: ['confirm'],
    }),
  );
  type Values = z.infer<typeof schema>;
  const form = useForm<Values>({
    resolver: zodResolver(schema),
    defaultValues: { password: '', confirm: '' },
  });
  const { errors } = form.formState;

  const mutation = useMutation({
    mutationFn: (values: Values) => resetPassword(token, values.password),
    onSuccess: () => {
      toast.success(t('reset.done'));
      navigate('/login', { replace: true });
    },
    onError: (error) =>
      applyFieldErrors(error, form.setError, ['password'], { new_password: 'password' }),
  });

  const error = mutation.error;
  // AUTH_005: the link is unknown, used or expired; only a new link helps.
  const deadLink = isApiError(error) && error.code === 'AUTH_005';

  return (
    <AuthCard
      title={t('reset.title')}
      description={t('reset.intro')}
      footer={
        <p>
          <Link to="/login" className={kLinkClass}>
            {t('forgot.backToLogin')}
          </Link>
        </p>
      }
    >
      {!token ? (
        <Alert tone="error">
          {t('reset.noToken')}{' '}
          <Link to="/forgot-password" className={kLinkClass}>
            {t('reset.newLink')}
          </Link>
        </Alert>
      ) : (
        <form
          noValidate
          className="grid gap-4"
          onSubmit={form.handleSubmit((values) => mutation.mutate(values))}
        >
          {error && !(isApiError(error) && error.details.new_password) ? (
            <Alert tone="error">
              {errorMessage(error, tc)}
              {deadLink ? (
                <>
                  {' '}
                  <Link to="/forgot-password" className={kLinkClass}>
                    {t('reset.newLink')}
                  </Link>
                </>
              ) : null}
            </Alert>
          ) : null}
          <Field
            id="reset-password"
            label={t('fields.newPassword')}
            hint={t('fields.passwordHint')}
            error={errors.password?.message}
          >
            <PasswordInput autoComplete="new-password" {...form.register('password')} />
          </Field>
          <Field
            id="reset-confirm"
            label={t('fields.confirmPassword')}
            error={errors.confirm?.message}
          >
            <PasswordInput autoComplete="new-password" {...form.register('confirm')} />
          </Field>
          <Button type="submit" disabled={mutation.isPending}>
            {t('reset.submit')}
          </Button>
        </form>
      )}
    </AuthCard>
  );
}
