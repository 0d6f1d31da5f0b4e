import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig, devices } from '@playwright/test';
import { janjiBin, janjiServerEnv } from './e2e/support/janji-env';

// End-to-end tests drive Debian's Chromium (Playwright's own browser download does not work
// here) against the real `janji` binary serving the built app (dist/) on a fresh SQLite data
// directory. The config is evaluated in the runner and in each worker: the first evaluation
// picks the data directory and port, workers inherit them through the environment.
if (!process.env.E2E_DATA_DIR) {
  process.env.E2E_DATA_DIR = mkdtempSync(join(tmpdir(), 'janji-e2e-'));
}
const port = Number(process.env.E2E_PORT ?? 18180);
process.env.E2E_BASE_URL = `http://127.0.0.1:${port}`;
const chromium = process.env.CHROMIUM_PATH ?? '/usr/lib/chromium/chromium';

// E2E_SERVER=preview (while developing pages against a janji without WEB_DIR support): vite
// preview serves dist/ and proxies the API to janji on the next port. Default: janji serves all.
const preview = process.env.E2E_SERVER === 'preview';
const apiPort = preview ? port + 1 : port;
const janjiEnv = janjiServerEnv(apiPort, process.env.E2E_BASE_URL);
const webServer = [
  {
    command: `${janjiBin} serve`,
    url: `http://127.0.0.1:${apiPort}/health`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: 'ignore' as const,
    stderr: 'pipe' as const,
    env: janjiEnv,
  },
  ...(preview
    ? [
        {
          command: `npx vite preview --strictPort --host 127.0.0.1 --port ${port}`,
          url: `${process.env.E2E_BASE_URL}/`,
          reuseExistingServer: false,
          timeout: 60_000,
          env: { JANJI_API: `http://127.0.0.1:${apiPort}` },
        },
      ]
    : []),
];

export default defineConfig({
  testDir: './e2e',
  outputDir: './test-results',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list'], ['html', { open: 'never', outputFolder: 'playwright-report' }]],
  use: {
    baseURL: process.env.E2E_BASE_URL,
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: chromium,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
  projects: [
    {
      name: 'mobile',
      use: {
        ...devices['Pixel 5'],
        viewport: { width: 375, height: 812 },
        deviceScaleFactor: 1,
        isMobile: true,
        hasTouch: true,
        browserName: 'chromium',
      },
    },
    {
      name: 'desktop',
      use: { viewport: { width: 1280, height: 800 }, browserName: 'chromium' },
    },
  ],
  webServer,
});
