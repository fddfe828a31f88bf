import { inject } from 'vitest';
import { createDb, type Db } from '../db';

let shared: Db | undefined;

/** The test run's database (see global-setup.ts), one small pool per test file. */
export function testDb(): Db {
  shared ??= createDb(inject('databaseUrl'), { max: 4 });
  return shared;
}

export { uniqueId } from './factories';
