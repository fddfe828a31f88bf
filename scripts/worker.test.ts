import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createDb, type Db } from '../db';
import net from 'node:net';
import nodemailer from 'nodemailer';
import { cases, inboundEmails, outbox } from '../db/schema';
import { enqueueEmail } from '../lib/outbox/enqueue-email';
import { startSmtpSink } from '../test/smtp-sink';

/**
 * The real worker process (pg-boss + LISTEN/NOTIFY + SMTP) in a database of its own, so it
 * never dispatches mail that other test files are asserting on.
 */
const serverUrl = inject('databaseUrl');
const name = `paluu_worker_${randomBytes(4).toString('hex')}`;
const url = serverUrl.replace(/\/[^/?]+(\?|$)/, `/${name}$1`);
let db: Db;
let sink: Awaited<ReturnType<typeof startSmtpSink>>;
let worker: ChildProcess;
let output = '';
let inboundPort = 0;

/** A free port in 2525–2545 for the worker's inbound SMTP listener. */
async function freeSmtpPort(): Promise<number> {
  for (let i = 0; i < 40; i++) {
    const port = 2525 + Math.floor(Math.random() * 21);
    const free = await new Promise<boolean>((resolve) => {
      const s = net.createServer();
      s.once('error', () => resolve(false));
      s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
    });
    if (free) return port;
  }
  throw new Error('no free port in 2525–2545');
}

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
  sink = await startSmtpSink();
  inboundPort = await freeSmtpPort();
  worker = spawn(process.execPath, ['--import', 'tsx', 'scripts/worker.mjs'], {
    env: {
      ...process.env,
      DATABASE_URL: url,
      SMTP_URL: sink.url,
      MAIL_FROM: 'Shop <noreply@shop.example>',
      INBOUND_EMAIL_ADDRESS: 'support@shop.example',
      INBOUND_SMTP_PORT: String(inboundPort),
      INBOUND_SMTP_HOST: '127.0.0.1',
    },
  });
  worker.stdout?.on('data', (chunk) => (output += chunk));
  worker.stderr?.on('data', (chunk) => (output += chunk));
  await waitFor(async () => (output.includes('ready') ? true : undefined), 30_000);
  db = createDb(url, { max: 2 });
}, 60_000);

afterAll(async () => {
  if (worker.exitCode === null) worker.kill('SIGKILL');
  await db?.$end();
  await sink.close();
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`drop database if exists ${name} with (force)`);
  await admin.end();
});

describe('the worker process', () => {
  it('sends a queued email within seconds of the commit, once', async () => {
    const started = Date.now();
    const id = await db.transaction((tx) =>
      enqueueEmail(tx, { kind: 'email.test', dedupeKey: 'worker-test-1', email: { to: 'aino@example.fi', subject: 'Tilauksesi KK-1 on matkalla', html: '<p>Hei</p>', text: 'Hei' } }),
    );
    const row = await waitFor(async () => {
      const [r] = await db.select().from(outbox).where(eq(outbox.id, id!));
      return r?.status === 'sent' ? r : undefined;
    }, 10_000);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(row.attempts).toBe(1);
    expect(sink.received.map((m) => m.subject)).toEqual(['Tilauksesi KK-1 on matkalla']);
  });

  it('runs the inbound SMTP listener: an email to the support address opens a case', async () => {
    expect(output).toContain(`SMTP listener on port ${inboundPort}`);
    const transport = nodemailer.createTransport({ host: '127.0.0.1', port: inboundPort, secure: false, ignoreTLS: true });
    const messageId = `worker-${randomBytes(4).toString('hex')}@customer.example`;
    await transport.sendMail({ from: 'aino@customer.example', to: 'support@shop.example', subject: 'Kysymys', text: 'Onko kokoa 44?', messageId: `<${messageId}>` });
    transport.close();
    const [row] = await db.select().from(inboundEmails).where(eq(inboundEmails.messageId, messageId));
    expect(row).toMatchObject({ outcome: 'opened', source: 'smtp' });
    const [opened] = await db.select().from(cases).where(eq(cases.id, row!.caseId!));
    expect(opened).toMatchObject({ type: 'question', customerEmail: 'aino@customer.example' });
  });

  it('stops cleanly on SIGTERM', async () => {
    const exited = new Promise<number | null>((resolve) => worker.once('exit', (code) => resolve(code)));
    worker.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
