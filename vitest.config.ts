import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { configDefaults, defineConfig } from 'vitest/config';

const TEST_DIRS = ['lib', 'db', 'scripts', 'test', 'app'];
const TESTS = `{${TEST_DIRS.join(',')}}/**/*.test.{ts,tsx}`;

/**
 * Test files that replace a module (vi.mock) or set the environment (vi.stubEnv, process.env.X = …) run
 * in a module graph of their own, so that neither leaks into another file. The others share one graph per
 * worker (isolate: false): each file re-importing the app's modules cost 169 of the suite's 567 s.
 */
const STUBS = /\bvi\.(mock|doMock|stubEnv|stubGlobal)\(|process\.env(\.\w+|\[[^\]]+\])\s*=(?!=)|delete process\.env/;
const ISOLATED = TEST_DIRS.flatMap((dir) => readdirSync(path.join(import.meta.dirname, dir), { recursive: true, encoding: 'utf8' }).map((file) => path.join(dir, file)))
  .filter((file) => /\.test\.tsx?$/.test(file) && !file.includes('node_modules'))
  .filter((file) => STUBS.test(readFileSync(path.join(import.meta.dirname, file), 'utf8')));

export default defineConfig({
  resolve: { alias: { '@': path.resolve(import.meta.dirname) } },
  test: {
    globalSetup: ['./test/global-setup.ts'],
    setupFiles: ['./test/setup.ts'],
    // Integration tests share one database; each test owns its rows. Workers stay at vitest's default (cores - 1,
    // so one on 2 cores: 310 s with the shared graph, 567 s without). Three workers took 213 s, but events.test.ts
    // then failed on PostgreSQL 15: the event log reads nothing past another file's transaction still in flight.
    // Its tests now wait for that; three workers have not had a CI run since.
    pool: 'forks',
    testTimeout: 20_000,
    hookTimeout: 60_000,
    projects: [
      { extends: true, test: { name: 'shared', include: [TESTS], exclude: [...configDefaults.exclude, ...ISOLATED], isolate: false } },
      { extends: true, test: { name: 'isolated', include: ISOLATED } },
    ],
  },
});
