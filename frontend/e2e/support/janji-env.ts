import { resolve } from 'node:path';

// How the e2e server runs janji: playwright.config.ts starts `janji serve` with this
// environment, and helpers that run other janji commands against the same data directory
// (create-admin) use it too. The config picks E2E_DATA_DIR before anything reads it.
export const janjiBin = resolve(process.env.JANJI_BIN ?? '../build-test/bin/janji');

export function janjiServerEnv(apiPort: number, baseUrl: string): Record<string, string> {
  return {
    ENV: 'test',
    HOST: '127.0.0.1',
    PORT: String(apiPort),
    DATA_DIR: process.env.E2E_DATA_DIR ?? '',
    DB_DRIVER: 'sqlite',
    WEB_DIR: resolve('dist'),
    MAIL_DRIVER: 'log',
    APP_URL: baseUrl,
    FRONTEND_URL: baseUrl,
    BCRYPT_COST: '4',
    REGISTER_MAX_PER_IP: '10000',
    TEST_CLOCK_API: 'true',
    ASAN_OPTIONS: 'detect_leaks=0',
    // Warnings and errors only: the access log of every request would bury the test output.
    LOG_LEVEL: 'warn',
  };
}
