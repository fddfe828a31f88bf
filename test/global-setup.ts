import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { runMigrations } from '../db/migrate';
import { startEmbedded } from '../scripts/lib/embedded-db.mjs';
import { freePort } from './free-port';

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string;
  }
}

/**
 * Integration tests run against a real PostgreSQL: DATABASE_URL when set (CI's PostgreSQL 15 run),
 * otherwise a throwaway embedded cluster in a temp dir on a random port, removed afterwards.
 */
export default async function setup(project: TestProject) {
  let stop = async () => {};
  let url = process.env.DATABASE_URL;
  let tempDir: string | undefined;
  if (!url) {
    tempDir = mkdtempSync(path.join(os.tmpdir(), 'paluu-test-'));
    chmodSync(tempDir, 0o755); // the postgres OS user (when running as root) must enter it
    const started = await startEmbedded({ dataDir: path.join(tempDir, 'pg'), port: await freePort(), log: () => {} });
    url = started.url as string;
    stop = started.stop;
  }
  await runMigrations(url);
  process.env.DATABASE_URL = url;
  project.provide('databaseUrl', url);
  return async () => {
    await stop();
    if (tempDir) rmSync(tempDir, { recursive: true, force: true });
  };
}
