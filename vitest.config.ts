import path from 'node:path';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { alias: { '@': path.resolve(import.meta.dirname) } },
  test: {
    include: ['{lib,db,scripts,test,app}/**/*.test.{ts,tsx}'],
    globalSetup: ['./test/global-setup.ts'],
    setupFiles: ['./test/setup.ts'],
    // Integration tests share one database; files run in parallel but each test owns its rows.
    pool: 'forks',
    testTimeout: 20_000,
    hookTimeout: 60_000,
  },
});
