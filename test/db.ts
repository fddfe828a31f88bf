import { inject } from 'vitest';
import { createDb, type Db } from '../db';

let shared: Db | undefined;

/** The test run's database (see global-setup.ts), one small pool per test file. */
export function testDb(): Db {
  shared ??= createDb(inject('databaseUrl'), { max: 4 });
  return shared;
}

/** A unique suffix so every test owns its rows (no truncation between tests). */
export function uniqueId(prefix = 't'): string {
  return `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}
