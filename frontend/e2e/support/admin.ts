import { execFileSync } from 'node:child_process';
import { uniqueEmail, type Account } from './api';
import { janjiBin, janjiServerEnv } from './janji-env';

// Admins are not registered through the API: `janji create-admin` makes one in the e2e
// server's database (same binary, data directory and settings), the password passed the way
// the command prefers it (JANJI_ADMIN_PASSWORD, never on the command line).
const kPassword = 'AdminRahasia123!';

export function createAdmin(name = 'Admin Janji'): Omit<Account, 'token' | 'userId'> {
  const email = uniqueEmail('admin');
  const base = process.env.E2E_BASE_URL ?? '';
  const port = Number(new URL(base).port);
  const out = execFileSync(janjiBin, ['create-admin', '--email', email, '--name', name], {
    env: {
      ...process.env,
      ...janjiServerEnv(process.env.E2E_SERVER === 'preview' ? port + 1 : port, base),
      JANJI_ADMIN_PASSWORD: kPassword,
    },
    encoding: 'utf8',
    timeout: 60_000,
  });
  if (!out.includes('created')) throw new Error(`janji create-admin: ${out}`);
  return { email, password: kPassword };
}
