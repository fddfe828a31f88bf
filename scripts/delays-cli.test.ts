import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { createDb, type Db } from '../db';
import { runMigrations } from '../db/migrate';
import { createDelayOrder } from '../test/delay-factories';

/** `npm run delays` in a database of its own (a full sweep would touch every other test file's parcels). */
const serverUrl = inject('databaseUrl');
const name = `paluu_delays_cli_${randomBytes(4).toString('hex')}`;
const url = serverUrl.replace(/\/[^/?]+(\?|$)/, `/${name}$1`);
let db: Db | undefined;
const days = (n: number) => new Date(Date.now() - n * 86_400_000);

afterAll(async () => {
  await db?.$end();
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`drop database if exists ${name} with (force)`);
  await admin.end();
});

const run = (...args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'scripts/delays.mjs', ...args], { env: { ...process.env, DATABASE_URL: url }, encoding: 'utf8' });

describe('npm run delays', () => {
  it('sweep prints what it opened and closed per kind; send queues the auto notices; bad input is refused', async () => {
    const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database ${name}`);
    await admin.end();
    await runMigrations(url);
    db = createDb(url, { max: 2 });
    await createDelayOrder(db, { placedAt: days(14), parcels: [{ status: 'in_transit', shippedAt: days(13), firstScanAt: days(13), lastEventAt: days(12) }] });
    await createDelayOrder(db, { placedAt: days(14), parcels: [{ status: 'exception', subStatus: 'customs', firstScanAt: days(3), lastEventAt: days(1) }] });

    const sweep = run('sweep');
    expect(sweep.status).toBe(0);
    expect(sweep.stdout).toMatch(/stalled_in_transit\s+1\s+0/);
    expect(sweep.stdout).toMatch(/carrier_exception\s+1\s+0/);
    expect(sweep.stdout).toMatch(/total\s+2\s+0/);
    expect(run('sweep').stdout).toMatch(/total\s+0\s+0/);

    const send = run('send');
    expect(send.status).toBe(0);
    expect(send.stdout).toContain('Notices: 1 queued'); // carrier_exception waits for staff (manual policy)

    const bad = run('sweep', '--at', 'yesterday-ish');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--at: not a date');
    expect(run('frobnicate').status).toBe(2);
  }, 60_000);
});
