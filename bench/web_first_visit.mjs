// First visit to one page of the web app in Chromium (empty cache, 375x812 touch, optionally
// signed in): every JavaScript file the page loads until the network is idle, with the bytes
// that crossed the wire and the size of the same file gzipped (the build's precompressed .gz,
// which is what the performance budget counts). Prints one JSON object.
//
// Usage: node bench/web_first_visit.mjs <base url> <path> <dist dir> [email password]
// Playwright comes from frontend/node_modules; the browser is Debian's Chromium (CHROMIUM_PATH).
import { createRequire } from 'node:module';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join, resolve } from 'node:path';

const [base, path, distArg, email, password] = process.argv.slice(2);
if (!base || !path || !distArg) {
  console.error('usage: web_first_visit.mjs <base url> <path> <dist dir> [email password]');
  process.exit(2);
}
const dist = resolve(distArg);
const require = createRequire(join(dist, '..', 'package.json'));
const { chromium } = require('@playwright/test');

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/lib/chromium/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
});
try {
  const context = await browser.newContext({
    viewport: { width: 375, height: 812 },
    isMobile: true,
    hasTouch: true,
  });
  if (email) {
    // The refresh cookie lands in the context's cookie jar: the app restores the session from it
    // on start, as it does for a returning customer.
    const res = await context.request.post(`${base}/api/v1/auth/login`, {
      data: { email, password },
    });
    if (!res.ok()) throw new Error(`login failed: ${res.status()} ${await res.text()}`);
  }
  const page = await context.newPage();
  const scripts = [];
  page.on('requestfinished', (request) => {
    if (request.resourceType() !== 'script') return;
    scripts.push(
      (async () => {
        const response = await request.response();
        const sizes = await request.sizes();
        const file = join(dist, new URL(request.url()).pathname);
        let gzip = null;
        if (existsSync(`${file}.gz`)) gzip = statSync(`${file}.gz`).size;
        else if (existsSync(file)) gzip = gzipSync(readFileSync(file), { level: 9 }).length;
        return {
          url: new URL(request.url()).pathname,
          encoding: (await response?.headerValue('content-encoding')) ?? 'identity',
          transferred: sizes.responseBodySize,
          gzip,
        };
      })(),
    );
  });
  await page.goto(`${base}${path}`, { waitUntil: 'networkidle' });
  const h1 = (await page.locator('h1').first().textContent({ timeout: 5000 }).catch(() => null))
    ?.trim();
  const files = await Promise.all(scripts);
  files.sort((a, b) => a.url.localeCompare(b.url));
  const sum = (key) => files.reduce((total, f) => total + (f[key] ?? 0), 0);
  console.log(
    JSON.stringify({
      path,
      h1: h1 ?? null,
      files,
      gzip: sum('gzip'),
      transferred: sum('transferred'),
      missing_gzip: files.filter((f) => f.gzip === null).map((f) => f.url),
    }),
  );
} finally {
  await browser.close();
}
