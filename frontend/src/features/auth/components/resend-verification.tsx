import { useState } from 'react';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { Input } from '@/components/ui/input';
import { errorMessage } from '@/lib/api/messages';
import { useSession } from '@/lib/api/session-store';
import { resendVerification } from '../api/auth-api';
import { emailProblem } from '../api/credentials';

// Asks for a new verification link: signed in, for the user's own address (one button);
// otherwise for the address typed in.
export function ResendVerification() {
  const { t } = useTranslation('auth');
  const { t: tc } = useTranslation();
  const user = useSession((s) => s.user);
  const [email, setEmail] = useState('');
  const [problem, setProblem] = useState<string | undefined>();
  const mutation = useMutation({ mutationFn: resendVerification });

  if (mutation.isSuccess) return <Alert tone="success">{t('verify.resent')}</Alert>;

  const send = () => {
    const address = user?.email ?? email.trim();
    if (!user && emailProblem(address)) {
      setProblem(t('validation.emailInvalid'));
      return;
    }
    setProblem(undefined);
    mutation.mutate(address);
  };

  return (
    <form
      noValidate
      className="grid gap-3"
      onSubmit={(e) => {
        e.preventDefault();
        send();
      }}
    >
      {mutation.error ? <Alert tone="error">{errorMessage(mutation.error, tc)}</Alert> : null}
      {user ? null : (
        <Field id="resend-email" label={t('fields.email')} error={problem}>
          <Input
            type="email"
            autoComplete="email"
            value={email}
            onChange={(e) => setEmail(e.target.value)}
          />
        </Field>
      )}
      <Button type="submit" variant="outline" disabled={mutation.isPending}>
        {t('verify.resend')}
      </Button>
    </form>
  );
}
