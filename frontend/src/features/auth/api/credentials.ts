import type { TFunction } from 'i18next';
import { z } from 'zod/mini';

// The API's rules for accounts (backend core/auth/credentials_policy.cpp and the register
// handler), checked here too so a user hears about a mistake before the round trip. The server
// stays the judge: whatever it still refuses is shown on the field it names.

export const kMinPasswordChars = 8;
export const kMaxPasswordBytes = 72;
export const kMaxFullNameChars = 100;
export const kMaxPhoneChars = 20;
export const kMaxEmailChars = 254;

export type PasswordProblem = 'required' | 'nul' | 'tooLong' | 'tooShort' | 'letterDigit';

// At least 8 characters (code points) with a letter and a digit, at most 72 bytes of UTF-8
// (bcrypt's limit), no NUL. Any non-ASCII character counts as a letter, as on the server.
export function passwordProblem(password: string): PasswordProblem | null {
  if (password.length === 0) return 'required';
  if (password.includes('\0')) return 'nul';
  if (new TextEncoder().encode(password).length > kMaxPasswordBytes) return 'tooLong';
  if ([...password].length < kMinPasswordChars) return 'tooShort';
  const letter = [...password].some((c) => /[A-Za-z]/.test(c) || c.charCodeAt(0) > 0x7f);
  const digit = /[0-9]/.test(password);
  if (!letter || !digit) return 'letterDigit';
  return null;
}

export type EmailProblem = 'required' | 'tooLong' | 'invalid';

// The server's pragmatic check: one @, a local part of 1..64, a dotted domain, no spaces,
// controls or the punctuation RFC 5321 reserves, no leading, trailing or double dots.
export function emailProblem(raw: string): EmailProblem | null {
  const email = raw.trim();
  if (email.length === 0) return 'required';
  if (email.length > kMaxEmailChars) return 'tooLong';
  const at = email.indexOf('@');
  if (at < 0 || email.indexOf('@', at + 1) >= 0) return 'invalid';
  const local = email.slice(0, at);
  const domain = email.slice(at + 1);
  if (local.length === 0 || local.length > 64 || domain.length < 3) return 'invalid';
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0020\u007f<>(),;:\\"[\]]/.test(email)) return 'invalid';
  if (
    !domain.includes('.') ||
    domain.startsWith('.') ||
    domain.endsWith('.') ||
    domain.includes('..') ||
    local.startsWith('.') ||
    local.endsWith('.') ||
    local.includes('..')
  ) {
    return 'invalid';
  }
  return null;
}

// eslint-disable-next-line no-control-regex
const kControlChars = /[\u0000-\u001f\u007f]/;

export function fullNameProblem(raw: string): 'required' | 'tooLong' | 'control' | null {
  const name = raw.trim();
  if (name.length === 0) return 'required';
  if ([...name].length > kMaxFullNameChars) return 'tooLong';
  if (kControlChars.test(name)) return 'control';
  return null;
}

export function phoneProblem(raw: string): 'tooLong' | 'invalid' | null {
  const phone = raw.trim();
  if (phone.length > kMaxPhoneChars) return 'tooLong';
  if (!/^[0-9+() -]*$/.test(phone)) return 'invalid';
  return null;
}

type AuthT = TFunction<'auth'>;

function passwordMessage(problem: PasswordProblem, t: AuthT): string {
  switch (problem) {
    case 'required':
      return t('validation.passwordRequired');
    case 'nul':
      return t('validation.passwordNul');
    case 'tooLong':
      return t('validation.passwordTooLong');
    case 'tooShort':
      return t('validation.passwordTooShort', { count: kMinPasswordChars });
    case 'letterDigit':
      return t('validation.passwordLetterDigit');
  }
}

// Zod fields whose messages are in the user's language.
export function passwordField(t: AuthT) {
  return z.string().check(
    z.superRefine((value, ctx) => {
      const problem = passwordProblem(value);
      if (problem)
        ctx.issues.push({ code: 'custom', input: value, message: passwordMessage(problem, t) });
    }),
  );
}

export function emailField(t: AuthT) {
  return z.string().check(
    z.superRefine((value, ctx) => {
      const problem = emailProblem(value);
      if (!problem) return;
      const message =
        problem === 'required'
          ? t('validation.emailRequired')
          : problem === 'tooLong'
            ? t('validation.emailTooLong')
            : t('validation.emailInvalid');
      ctx.issues.push({ code: 'custom', input: value, message });
    }),
  );
}

export function fullNameField(t: AuthT) {
  return z.string().check(
    z.superRefine((value, ctx) => {
      const problem = fullNameProblem(value);
      if (!problem) return;
      const message =
        problem === 'required'
          ? t('validation.nameRequired')
          : problem === 'tooLong'
            ? t('validation.nameTooLong', { count: kMaxFullNameChars })
            : t('validation.nameControl');
      ctx.issues.push({ code: 'custom', input: value, message });
    }),
  );
}

export function phoneField(t: AuthT) {
  return z.string().check(
    z.superRefine((value, ctx) => {
      const problem = phoneProblem(value);
      if (!problem) return;
      const message =
        problem === 'tooLong'
          ? t('validation.phoneTooLong', { count: kMaxPhoneChars })
          : t('validation.phoneInvalid');
      ctx.issues.push({ code: 'custom', input: value, message });
    }),
  );
}

export function requiredField(message: string) {
  return z.string().check(z.minLength(1, message));
}
