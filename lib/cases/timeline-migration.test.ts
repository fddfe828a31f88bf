/**
 * Migration 0034 (issue #13, one event log): the audit history written to the old `case_events` table before
 * the migration is copied into `domain_events` (audience 'audit', tx_id 0). It must show in the case timeline
 * afterwards, and no subscriber, webhook or the events API may ever read it as a new event.
 *
 * The test migrates its own database on the test cluster up to 0033, writes history the way the old code did,
 * then applies the rest, exactly as a deployment does.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/postgres-js';
import { migrate } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { createDb, type Db } from '@/db';
import { listApiEvents } from '@/lib/api/events-feed';
import { getCaseDetail } from '@/lib/cases/case-detail';
import { readEventsAfter, recordEvent, runSubscriber, START_OF_LOG, type Subscriber } from '@/lib/core/events';
import { webhookFanOut } from '@/lib/webhooks/subscribers';
import { createWebhookEndpoint } from '@/lib/webhooks/create-webhook-endpoint';
import { createOrder } from '@/test/factories';

const MIGRATION = '0034_timeline_one_log';
const admin = { type: 'staff', staffId: randomUUID(), role: 'admin' } as const;

let name: string;
let root: Db;
let db: Db;
let before: string;
const history: { caseId?: string; orderId?: string; at?: Date } = {};

/** The committed migrations up to (not including) `tag`, in a folder drizzle's migrator reads. */
function migrationsBefore(tag: string): string {
  const source = path.resolve(process.cwd(), 'db/migrations');
  const dir = mkdtempSync(path.join(os.tmpdir(), 'paluu-mig-'));
  const journal = JSON.parse(readFileSync(path.join(source, 'meta/_journal.json'), 'utf8')) as { entries: Array<{ idx: number; tag: string }> };
  const cut = journal.entries.findIndex((e) => e.tag === tag);
  expect(cut).toBeGreaterThan(0);
  journal.entries = journal.entries.slice(0, cut);
  for (const entry of journal.entries) cpSync(path.join(source, `${entry.tag}.sql`), path.join(dir, `${entry.tag}.sql`));
  cpSync(path.join(source, 'meta'), path.join(dir, 'meta'), { recursive: true });
  writeFileSync(path.join(dir, 'meta/_journal.json'), JSON.stringify(journal));
  return dir;
}

async function migrateTo(url: string, folder: string) {
  const client = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await migrate(drizzle({ client }), { migrationsFolder: folder });
  } finally {
    await client.end({ timeout: 5 });
  }
}

beforeAll(async () => {
  root = createDb(inject('databaseUrl'), { max: 1 });
  name = `timeline_mig_${Date.now()}_${Math.floor(Math.random() * 1e6)}`;
  await root.execute(sql.raw(`create database ${name}`));
  const url = new URL(inject('databaseUrl'));
  url.pathname = `/${name}`;
  before = migrationsBefore(MIGRATION);
  await migrateTo(url.toString(), before);
  db = createDb(url.toString(), { max: 2 });

  // History as the old code wrote it: rows of the case_events table (a plain table before 0034).
  const order = await createOrder(db);
  // In SQL, not through today's schema: the cases table of that release lacks columns added since (team_id, …).
  const [row] = await db.execute<{ id: string }>(sql`insert into cases (type, subject, customer_email, order_id) values ('question', 'Where is my parcel?', 'old@example.com', ${order.id}) returning id`);
  history.caseId = row!.id;
  history.orderId = order.id;
  history.at = new Date(Date.now() - 86_400_000); // yesterday: well inside the events API's 30 days
  const oldTable = 'case_events';
  await db.execute(sql`${sql.raw(`insert into ${oldTable}`)} (case_id, order_id, actor_type, actor_id, type, data, created_at) values
    (${history.caseId}, ${order.id}, 'customer', null, 'case.opened', ${JSON.stringify({ type: 'question' })}::jsonb, ${history.at.toISOString()}::timestamptz),
    (${history.caseId}, ${order.id}, 'staff', ${admin.staffId}, 'case.note_added', ${JSON.stringify({ messageId: randomUUID() })}::jsonb, ${history.at.toISOString()}::timestamptz),
    (null, ${order.id}, 'system', null, 'order.upserted', ${JSON.stringify({ orderNumber: 'A-1', created: true })}::jsonb, ${history.at.toISOString()}::timestamptz)`);

  // Then the deployment applies the rest.
  await migrateTo(url.toString(), path.resolve(process.cwd(), 'db/migrations'));
}, 120_000);

afterAll(async () => {
  await db?.$end();
  if (before) rmSync(before, { recursive: true, force: true });
  await root?.execute(sql.raw(`drop database if exists ${name}`));
  await root?.$end();
});

describe('migration 0034: the audit history moves into the one event log', () => {
  it('shows a case_events row written before the migration in the case timeline after it, in its order and time', async () => {
    const detail = await getCaseDetail({ db, actor: admin }, history.caseId!);
    expect(detail.events.map((e) => e.type)).toEqual(['case.note_added', 'case.opened']); // newest first
    expect(detail.events[1]).toMatchObject({ actorType: 'customer', data: { type: 'question' }, createdAt: history.at!.toISOString() });
    // The old name still reads the history (the view), in the original order, order-only rows included.
    const old = await db.execute<{ type: string; case_id: string | null }>(sql`select type, case_id from case_events where order_id = ${history.orderId} order by id`);
    expect(old.map((r) => r.type)).toEqual(['case.opened', 'case.note_added', 'order.upserted']);
    const copied = await db.execute<{ tx_id: string; audience: string; aggregate_id: string }>(sql`select tx_id, audience, aggregate_id from domain_events where order_id = ${history.orderId} order by id`);
    expect(copied.map((r) => [Number(r.tx_id), r.audience])).toEqual([[0, 'audit'], [0, 'audit'], [0, 'audit']]);
  });

  it('lets no subscriber, webhook endpoint or events API page see the copied history as an event', async () => {
    // A subscriber created after the migration starts at the log's start and asks for the very type copied.
    const seen: string[] = [];
    const subscriber: Subscriber = { name: `test-${randomUUID()}`, types: ['case.opened'], handle: async (_tx, e) => void seen.push(e.type) };
    await createWebhookEndpoint({ db, actor: admin }, { url: 'https://merchant.example.com/hooks', events: ['case.opened'] });
    expect((await runSubscriber(db, subscriber)).handled).toBe(0);
    expect(seen).toEqual([]);
    await runSubscriber(db, webhookFanOut);
    expect((await db.execute<{ n: number }>(sql`select count(*)::int as n from webhook_deliveries`))[0]!.n).toBe(0);
    expect(await readEventsAfter(db, { after: START_OF_LOG, limit: 100 })).toEqual([]);
    const page = await listApiEvents(db, { limit: 100 });
    expect(page.data).toEqual([]);
    // Audit rows written after the migration (the endpoint's own audit row) are not events either.
    expect((await db.execute<{ n: number }>(sql`select count(*)::int as n from case_events where type = 'webhook_endpoint.created'`))[0]!.n).toBe(1);
  });

  it('turns an insert by the previous release (still writing case_events during a rolling deploy) into an audit row', async () => {
    // What the previous release's recordCaseEvent sends: drizzle's insert with every column, defaults for the rest.
    const oldTable = 'case_events';
    await db.execute(sql`${sql.raw(`insert into ${oldTable}`)} (id, case_id, order_id, actor_type, actor_id, type, data, created_at)
      values (default, ${history.caseId}, ${history.orderId}, 'staff', ${admin.staffId}, 'case.replied', ${JSON.stringify({ messageId: randomUUID() })}::jsonb, default)`);
    const [row] = await db.execute<{ audience: string; aggregate_type: string }>(sql`select audience, aggregate_type from domain_events where case_id = ${history.caseId} and type = 'case.replied'`);
    expect([row!.audience, row!.aggregate_type]).toEqual(['audit', 'case']);
    expect((await getCaseDetail({ db, actor: admin }, history.caseId!)).events[0]!.type).toBe('case.replied');
    expect(await readEventsAfter(db, { after: START_OF_LOG, limit: 100 })).toEqual([]);
  });

  it('writes every new audit row below every cursor (tx_id 0), so the previous release’s worker, which pages by (tx_id, id) and knows no audience, never sends one out', async () => {
    // Where the previous release's webhook fan-out stands: just past a public event it has delivered.
    const [cursor] = await db.execute<{ tx_id: string; id: string }>(sql`insert into domain_events (type, aggregate_type, aggregate_id, order_id, actor_type, data)
      values ('order.upserted', 'order', ${history.orderId}, ${history.orderId}, 'system', '{}'::jsonb) returning tx_id::text, id::text`);
    // Then audit rows arrive: from this release's writer, and from the previous release's insert into the view.
    await recordEvent(db, { actor: admin, type: 'case.replied', caseId: history.caseId, orderId: history.orderId, data: { messageId: randomUUID(), firstResponse: false } });
    const oldTable = 'case_events';
    await db.execute(sql`${sql.raw(`insert into ${oldTable}`)} (case_id, order_id, actor_type, actor_id, type, data)
      values (${history.caseId}, ${history.orderId}, 'staff', ${admin.staffId}, 'case.note_added', ${JSON.stringify({ messageId: randomUUID() })}::jsonb)`);
    const written = await db.execute<{ tx_id: string }>(sql`select tx_id::text from domain_events where audience = 'audit' and id > ${cursor!.id}::bigint`);
    expect(written.map((r) => Number(r.tx_id))).toEqual([0, 0]);
    // The previous release's read, word for word: no audience filter.
    const oldRead = await db.execute(sql`select id from domain_events
      where (tx_id, id) > (${cursor!.tx_id}::bigint, ${cursor!.id}::bigint) and tx_id < pg_snapshot_xmin(pg_current_snapshot())::text::bigint`);
    expect(oldRead).toHaveLength(0);
  });

  it('keeps the audit rules: append-only, and deleted with their case', async () => {
    /** PostgreSQL's own message (drizzle wraps it as the error's cause). */
    const refusal = (query: Promise<unknown>) => query.then(() => 'written', (e: Error & { cause?: Error }) => e.cause?.message ?? e.message);
    expect(await refusal(db.execute(sql`update case_events set data = '{}'::jsonb where case_id = ${history.caseId}`))).toMatch(/append-only/);
    expect(await refusal(db.execute(sql`update domain_events set data = '{}'::jsonb where case_id = ${history.caseId}`))).toMatch(/append-only/);
    // The privacy scrub may rewrite them (it sets paluu.audit_rewrite in its transaction).
    await db.transaction(async (tx) => {
      await tx.execute(sql`select set_config('paluu.audit_rewrite', 'on', true)`);
      await tx.execute(sql`update domain_events set data = '{}'::jsonb where case_id = ${history.caseId} and type = 'case.note_added'`);
    });
    await db.execute(sql`delete from cases where id = ${history.caseId}`);
    const left = await db.execute<{ type: string }>(sql`select type from domain_events where order_id = ${history.orderId} and audience = 'audit' order by id`);
    expect(left.map((r) => r.type)).toEqual(['order.upserted']);
  });
});
