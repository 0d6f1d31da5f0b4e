import { safeNext } from './auth-api';
import { emailProblem, fullNameProblem, passwordProblem, phoneProblem } from './credentials';

// The same cases as backend/src/core/auth/credentials_policy_test.cpp where they overlap.
describe('password rules (mirror credentials_policy)', () => {
  it.each([
    ['', 'required'],
    ['abc1234', 'tooShort'],
    ['abcdefgh', 'letterDigit'],
    ['12345678', 'letterDigit'],
    ['rahasia\u00001', 'nul'],
    ['a1'.repeat(37), 'tooLong'],
  ])('%j is refused as %s', (password, problem) => {
    expect(passwordProblem(password)).toBe(problem);
  });

  it.each(['rahasia123', 'Rahasia123!', 'sandi\u00e91234', 'a1'.repeat(36)])(
    '%j is accepted',
    (p) => {
      expect(passwordProblem(p)).toBeNull();
    },
  );

  it('counts characters for the minimum and bytes for the maximum', () => {
    // 7 characters, 2 of them 2-byte: still too short although 9 bytes long.
    expect(passwordProblem('\u00e9\u00e91abcd')).toBe('tooShort');
    // 36 two-byte characters plus a digit: 73 bytes.
    expect(passwordProblem(`${'\u00e9'.repeat(36)}1`)).toBe('tooLong');
    // Any non-ASCII character counts as a letter.
    expect(passwordProblem('\u00e912345678')).toBeNull();
  });
});

describe('e-mail, name and phone rules', () => {
  it.each(['budi@example.com', ' Budi@Example.COM ', 'a.b+c@sub.example.co.id'])(
    '%j is fine',
    (e) => {
      expect(emailProblem(e)).toBeNull();
    },
  );
  it.each([
    ['', 'required'],
    ['budi', 'invalid'],
    ['budi@@example.com', 'invalid'],
    ['bu di@example.com', 'invalid'],
    ['budi@example', 'invalid'],
    ['.budi@example.com', 'invalid'],
    ['budi@example..com', 'invalid'],
    [`${'a'.repeat(65)}@example.com`, 'invalid'],
    [`a@${'b'.repeat(250)}.com`, 'tooLong'],
  ])('%j is refused as %s', (email, problem) => {
    expect(emailProblem(email)).toBe(problem);
  });
  it('checks names and phones like the register handler', () => {
    expect(fullNameProblem('  ')).toBe('required');
    expect(fullNameProblem('x'.repeat(101))).toBe('tooLong');
    expect(fullNameProblem('Budi\u0007')).toBe('control');
    expect(fullNameProblem('Budi Santoso')).toBeNull();
    expect(phoneProblem('+62 (812) 0000-1111')).toBeNull();
    expect(phoneProblem('0812abc')).toBe('invalid');
    expect(phoneProblem('1'.repeat(21))).toBe('tooLong');
  });
});

describe('safeNext', () => {
  it('keeps paths of this site only', () => {
    expect(safeNext('/bookings?tab=past')).toBe('/bookings?tab=past');
    expect(safeNext('//evil.example')).toBeNull();
    expect(safeNext('/\\evil.example')).toBeNull();
    expect(safeNext('https://evil.example/')).toBeNull();
    expect(safeNext(null)).toBeNull();
  });
});
