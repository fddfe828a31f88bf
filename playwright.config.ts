import { defineConfig, devices } from '@playwright/test';
import { rmSync } from 'node:fs';
import { CHROMIUM_ARGS, chromiumPath } from './scripts/lib/chromium.mjs';

const PORT = Number(process.env.E2E_PORT ?? 3100);
export const E2E_DATA_DIR = '.data/pg-e2e';
/** The web server's and worker's JSON log (scripts/lib/log.mjs); e2e/security/logs.spec.ts reads it. */
export const E2E_LOG_FILE = '.data/e2e-paluu.log';
/** Bring Event Cast pushes in e2e authenticate with this (a test-only value, set on the server below). */
export const E2E_BRING_WEBHOOK_SECRET = 'e2e-bring-webhook-secret-test-only';
/**
 * The local Shopify Admin API of e2e/platforms/shopify-journey.spec.ts (test/shopify-admin-server.ts) listens here;
 * the server reaches every shop's Admin API at this origin (SHOPIFY_API_ORIGIN, loopback only, test-only).
 */
export const E2E_SHOPIFY_PORT = Number(process.env.E2E_SHOPIFY_PORT ?? PORT + 200);

// Every run starts from a fresh demo database (the config is also loaded by each worker: only the main process resets).
if (!process.env.TEST_WORKER_INDEX && !process.env.E2E_KEEP_DATA) {
  rmSync(E2E_DATA_DIR, { recursive: true, force: true });
  rmSync(E2E_LOG_FILE, { force: true });
}

export default defineConfig({
  testDir: './e2e',
  fullyParallel: true,
  forbidOnly: Boolean(process.env.CI),
  retries: process.env.CI ? 1 : 0,
  workers: 2,
  timeout: 30_000,
  reporter: process.env.CI ? [['list']] : 'list',
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    // A failed test keeps its trace (actions, DOM snapshots, network) without the screencast: recording
    // screenshots of every passing test cost the suite about a sixth of its CPU on 2 cores. In CI, where a failed
    // test runs again, only the retry records one: recording every test cost another ~12 % of the CPU (three
    // interleaved pairs of the same specs, 2026-12-08: 126 against 111 CPU-seconds). The first failure still
    // leaves its page snapshot (error-context.md) and a screenshot.
    trace: { mode: process.env.CI ? 'on-first-retry' : 'retain-on-failure', screenshots: false },
    screenshot: 'only-on-failure',
    launchOptions: { executablePath: chromiumPath(), args: CHROMIUM_ARGS },
  },
  projects: [
    { name: 'desktop', use: { ...devices['Desktop Chrome'], channel: undefined } },
    { name: 'phone', use: { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true }, grep: /@phone/ },
  ],
  webServer: {
    // The production build against its own embedded PostgreSQL, seeded with the demo shop.
    command: `node --import tsx scripts/start.mjs --port=${PORT}`,
    url: `http://127.0.0.1:${PORT}/api/health`,
    reuseExistingServer: false,
    timeout: 240_000,
    stdout: 'pipe',
    gracefulShutdown: { signal: 'SIGTERM', timeout: 10_000 },
    env: {
      // Always the run's own embedded database, even when the shell has DATABASE_URL set.
      DATABASE_URL: '',
      EMBEDDED_PG_DIR: E2E_DATA_DIR,
      // Below Linux's ephemeral range (32768-60999), where a test's own client connection can hold the port.
      EMBEDDED_PG_PORT: process.env.E2E_PG_PORT ?? '25439',
      NEXT_TELEMETRY_DISABLED: '1',
      // Tests act as many customers behind one proxy, each context with its own address.
      TRUSTED_PROXY_HOPS: '1',
      APP_URL: `http://127.0.0.1:${PORT}`,
      // The tracking page polls every 60 s in production; e2e watches a new event arrive within seconds.
      TRACKING_POLL_MS: '1500',
      PALUU_CARRIER_BRING_WEBHOOK_SECRET: E2E_BRING_WEBHOOK_SECRET,
      LOG_FILE: E2E_LOG_FILE,
      // Merchant webhooks to a receiver the test runs on 127.0.0.1 (e2e/staff/admin-webhooks.spec.ts).
      WEBHOOK_ALLOW_PRIVATE_URLS: '1',
      SHOPIFY_API_ORIGIN: `http://127.0.0.1:${E2E_SHOPIFY_PORT}`,
    },
  },
});
