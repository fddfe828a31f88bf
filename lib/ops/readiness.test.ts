import { inject, describe, expect, it } from 'vitest';
import { createDb } from '@/db';
import { checkReadiness } from './readiness';
import { GET as live } from '@/app/api/health/live/route';

describe('health: liveness and readiness', () => {
  it('is ready on a migrated database', async () => {
    const db = createDb(inject('databaseUrl'), { max: 1 });
    try {
      const result = await checkReadiness(db);
      expect(result).toMatchObject({ ready: true, database: 'ok', migrations: 'current' });
    } finally {
      await db.$end();
    }
  });

  it('is not ready when the database holds no migrations', async () => {
    // A fresh database in the same cluster: it answers, but nothing is migrated.
    const admin = createDb(inject('databaseUrl'), { max: 1 });
    const name = `ready_${Date.now()}_${Math.floor(Math.random() * 1e6)}`;
    const { sql } = await import('drizzle-orm');
    await admin.execute(sql.raw(`create database ${name}`));
    const url = new URL(inject('databaseUrl'));
    url.pathname = `/${name}`;
    const empty = createDb(url.toString(), { max: 1 });
    try {
      const result = await checkReadiness(empty);
      expect(result).toMatchObject({ ready: false, database: 'ok', migrations: 'behind' });
    } finally {
      await empty.$end();
      await admin.execute(sql.raw(`drop database if exists ${name}`));
      await admin.$end();
    }
  });

  it('is not ready when the database cannot be reached', async () => {
    const unreachable = createDb('postgres://nobody:nothing@127.0.0.1:1/none', { max: 1 });
    try {
      const result = await checkReadiness(unreachable, 1500);
      expect(result).toMatchObject({ ready: false, database: 'unreachable' });
    } finally {
      await unreachable.$end();
    }
  });

  it('answers liveness without touching the database', async () => {
    const response = live();
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: 'ok' });
  });
});
