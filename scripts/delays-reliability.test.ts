import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { simpleParser } from 'mailparser';
import postgres from 'postgres';
import { SMTPServer } from 'smtp-server';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { createDb, type Db } from '../db';
import { runMigrations } from '../db/migrate';
import { sendPendingNotices } from '../lib/delays/run-delay-cycle';
import { sweepDelays } from '../lib/delays/sweep-delays';
import { createDelayOrder } from '../test/delay-factories';
import { startEmbedded } from './lib/embedded-db.mjs';

/**
 * Crash and restart: the real worker process SIGKILLed in the middle of a send batch, and PostgreSQL restarted in
 * the middle of a sweep. Each in a database of its own (the worker sends every due outbox row; the restart would
 * cut off every other test file).
 */
const days = (n: number) => new Date(Date.now() - n * 86_400_000);

async function waitFor<T>(check: () => Promise<T | undefined> | T | undefined, ms: number, what: string): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('SIGKILL of the worker in the middle of a send batch', () => {
  const serverUrl = inject('databaseUrl');
  const name = `paluu_delays_kill_${randomBytes(4).toString('hex')}`;
  const url = serverUrl.replace(/\/[^/?]+(\?|$)/, `/${name}$1`);
  let db: Db | undefined;
  let worker: ChildProcess | undefined;
  let server: SMTPServer | undefined;

  afterAll(async () => {
    if (worker && worker.exitCode === null) worker.kill('SIGKILL');
    await db?.$end();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end();
  });

  it('after a restart every notice has arrived exactly once at the SMTP server (per Message-ID and recipient)', async () => {
    const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database ${name}`);
    await admin.end();
    await runMigrations(url);
    db = createDb(url, { max: 4 });

    // 40 customers with a stalled parcel; the auto policy queues their notices (the worker's own step).
    const orders = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        createDelayOrder(db!, {
          locale: (['fi', 'sv', 'en', 'da', 'nb'] as const)[i % 5],
          placedAt: days(14),
          parcels: [{ status: 'in_transit', shippedAt: days(13), firstScanAt: days(13), lastEventAt: days(12) }],
        }),
      ),
    );
    await sweepDelays(db, new Date());
    expect((await sendPendingNotices(db)).queued).toBe(40);

    // A real SMTP server on loopback that takes 40 ms per message; on the 15th message it SIGKILLs the worker
    // mid-transaction (before accepting it), exactly what a crash in the middle of the batch looks like.
    const delivered: Array<{ messageId: string; to: string }> = [];
    let seen = 0;
    let killed = false;
    server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData(stream, _session, callback) {
        seen++;
        if (seen === 15 && worker && !killed) {
          killed = true;
          worker.kill('SIGKILL');
          stream.resume(); // the client is gone: no reply to send, the message is not accepted
          return;
        }
        simpleParser(stream)
          .then((mail) => setTimeout(() => {
            delivered.push({ messageId: mail.messageId ?? '', to: (Array.isArray(mail.to) ? mail.to[0] : mail.to)?.text ?? '' });
            callback();
          }, 40))
          .catch(callback);
      },
    });
    server.on('error', () => {}); // the killed worker's connection resets
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const smtpUrl = `smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}`;

    const start = () => {
      const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/worker.mjs'], {
        env: { ...process.env, DATABASE_URL: url, SMTP_URL: smtpUrl, MAIL_FROM: 'Kuusikoivu <noreply@shop.example>' },
        stdio: 'ignore',
      });
      return child;
    };
    worker = start();
    const firstExit = await new Promise<NodeJS.Signals | null>((resolve) => worker!.once('exit', (_code, signal) => resolve(signal)));
    expect(firstExit).toBe('SIGKILL');
    expect(delivered.length).toBeGreaterThanOrEqual(14);
    expect(delivered.length).toBeLessThan(40);
    // The killed worker left its claimed rows in `sending`; their lease (2 minutes) is what lets another worker
    // take them over. Let that time pass.
    const [flight] = await db.execute<{ n: number }>(sql`select count(*)::int as n from outbox where status = 'sending'`);
    expect(flight!.n).toBeGreaterThan(0);
    await db.execute(sql`update outbox set next_attempt_at = now() where status = 'sending'`);

    worker = start();
    await waitFor(() => (delivered.length >= 40 ? true : undefined), 40_000, 'all 40 notices');
    await waitFor(async () => {
      const [row] = await db!.execute<{ n: number }>(sql`select count(*)::int as n from outbox where status <> 'sent'`);
      return row!.n === 0 ? true : undefined;
    }, 10_000, 'the outbox to settle');
    worker.kill('SIGTERM');

    const perMessage = new Map<string, number>();
    for (const d of delivered) perMessage.set(`${d.messageId} ${d.to}`, (perMessage.get(`${d.messageId} ${d.to}`) ?? 0) + 1);
    expect(delivered).toHaveLength(40);
    expect([...perMessage.values()].every((n) => n === 1)).toBe(true);
    expect(new Set(delivered.map((d) => d.to.toLowerCase()))).toEqual(new Set(orders.map((o) => o.email.toLowerCase())));
    const [noticeRows] = await db.execute<{ n: number }>(sql`select count(*)::int as n from notices`);
    expect(noticeRows!.n).toBe(40);
  }, 60_000);
});

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.unref();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const address = s.address();
      s.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

describe('PostgreSQL restarted in the middle of a sweep', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'paluu-delays-restart-'));
  chmodSync(dir, 0o755);
  let pg: { url: string; stop: () => Promise<void> } | undefined;
  let db: Db | undefined;

  afterAll(async () => {
    await db?.$end().catch(() => {});
    await pg?.stop().catch(() => {});
    rmSync(dir, { recursive: true, force: true });
  });

  it('the interrupted sweep changes nothing; the next one completes; nothing lost or doubled', async () => {
    const port = await freePort();
    const dataDir = path.join(dir, 'pg');
    pg = await startEmbedded({ dataDir, port, log: () => {} });
    await runMigrations(pg.url);
    db = createDb(pg.url, { max: 4 });

    // 60,000 parcels, one in ten stalled: a sweep that runs long enough to be cut off.
    await db.execute(sql`
      insert into orders (id, order_number, email, customer_name, locale, currency, market, placed_at, shipping_name, shipping_line1,
        shipping_postal_code, shipping_city, shipping_country)
      select md5('o' || i)::uuid, 'R-' || i, 'r' || i || '@example.fi', 'Asiakas ' || i, 'fi', 'EUR', 'FI', now() - interval '10 days',
        'Asiakas ' || i, 'Katu 1', '00100', 'Helsinki', 'FI'
      from generate_series(1, 60000) as i`);
    await db.execute(sql`
      insert into shipments (order_id, carrier, tracking_number, status, shipped_at, first_scan_at, last_event_at)
      select md5('o' || i)::uuid, 'posti', 'R' || i, 'in_transit', now() - interval '9 days', now() - interval '9 days',
        case when i % 10 = 0 then now() - interval '9 days' else now() - interval '1 hour' end
      from generate_series(1, 60000) as i`);
    await db.execute(sql`analyze`);

    await db.$end(); // every connection of ours closed before the server goes away
    db = undefined;

    // The sweep runs in its own process (`npm run delays -- sweep`), as the worker's would.
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/delays.mjs', 'sweep'], { env: { ...process.env, DATABASE_URL: pg.url }, stdio: ['ignore', 'pipe', 'pipe'] });
    let childOutput = '';
    child.stdout!.on('data', (chunk) => (childOutput += chunk));
    child.stderr!.on('data', (chunk) => (childOutput += chunk));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const watcher = postgres(pg.url, { max: 1, onnotice: () => {} });
    // Wait until the sweep's statement is running, then restart PostgreSQL under it.
    await waitFor(async () => {
      const rows = await watcher`select 1 from pg_stat_activity where state = 'active' and query like '%with c as%delay_incidents%'`;
      return rows.length > 0 ? true : undefined;
    }, 20_000, 'the sweep statement');
    await watcher.end({ timeout: 1 }).catch(() => {});
    await pg.stop();
    expect(await exited).toBe(1); // the sweep failed cleanly (an error message, exit code 1)
    expect(childOutput).not.toContain('Delay sweep at');
    pg = await startEmbedded({ dataDir, port, log: () => {} });
    db = createDb(pg.url, { max: 4 });

    // Nothing half done: the interrupted sweep's transaction left no incident and no audit row.
    const count = async () => {
      const [row] = await db!.execute<{ incidents: number; open: number; audit: number }>(sql`
        select (select count(*)::int from delay_incidents) as incidents,
               (select count(*)::int from delay_incidents where resolved_at is null) as open,
               (select count(*)::int from domain_events where type = 'delay.detected') as audit`);
      return row!;
    };
    expect(await count()).toEqual({ incidents: 0, open: 0, audit: 0 });

    const next = await sweepDelays(db, new Date());
    expect(next.opened.stalled_in_transit).toBe(6000);
    expect(await count()).toEqual({ incidents: 6000, open: 6000, audit: 6000 });
    // And once more: nothing doubled.
    const again = await sweepDelays(db, new Date());
    expect(again.opened.stalled_in_transit + again.closed.stalled_in_transit).toBe(0);
    expect(await count()).toEqual({ incidents: 6000, open: 6000, audit: 6000 });
  }, 60_000);
});
