import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createDb, type Db } from '../db';
import { shipments, webhookInbox } from '../db/schema';
import { storeInboxDelivery } from '../lib/carriers/inbox';
import { createShipment, fixtureFor } from '../test/carriers';

/** The real worker process picks carrier deliveries up from the inbox (NOTIFY), in a database of its own. */
const serverUrl = inject('databaseUrl');
const name = `paluu_worker_carriers_${randomBytes(4).toString('hex')}`;
const url = serverUrl.replace(/\/[^/?]+(\?|$)/, `/${name}$1`);
let db: Db;
let worker: ChildProcess;
let output = '';

async function waitFor<T>(check: () => Promise<T | undefined>, ms: number): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`timed out; worker said:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

beforeAll(async () => {
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  await admin.end();
  worker = spawn(process.execPath, ['--import', 'tsx', 'scripts/worker.mjs'], { env: { ...process.env, DATABASE_URL: url, SMTP_URL: '' } });
  worker.stdout?.on('data', (chunk) => (output += chunk));
  worker.stderr?.on('data', (chunk) => (output += chunk));
  await waitFor(async () => (output.includes('ready') ? true : undefined), 30_000);
  db = createDb(url, { max: 2 });
}, 60_000);

afterAll(async () => {
  if (worker.exitCode === null) worker.kill('SIGKILL');
  await db?.$end();
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`drop database if exists ${name} with (force)`);
  await admin.end();
});

describe('the worker and the carrier inbox', () => {
  it('processes a stored carrier delivery within seconds of the commit', async () => {
    const shipment = await createShipment(db, { carrier: 'posti', trackingNumber: 'JJFI64321000000000777' });
    const started = Date.now();
    const { id } = await storeInboxDelivery(db, { carrier: 'posti', source: 'poll', dedupeKey: 'worker-carriers-1', rawBody: fixtureFor('posti', 'available_for_pickup', 'JJFI64321000000000777') });
    const row = await waitFor(async () => {
      const [r] = await db.select().from(webhookInbox).where(eq(webhookInbox.id, id!));
      return r?.processedAt ? r : undefined;
    }, 10_000);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(row.attempts).toBe(1);
    const [after] = await db.select().from(shipments).where(eq(shipments.id, shipment.id));
    expect(after).toMatchObject({ status: 'available_for_pickup', pickupDeadline: '2026-11-27', pickupPoint: { name: 'K-Market Kaleva' } });
  });
});
