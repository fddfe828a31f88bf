/**
 * The daily retention purge (worker job `privacy-purge`, `npm run privacy -- purge`). Set-based
 * SQL in batches, each batch its own short transaction; idempotent (a second run finds nothing);
 * one audit row `privacy.purged` with the counts per data type. No `server-only`: the worker runs it.
 */
import { type SQL, sql } from 'drizzle-orm';
import type { Db } from '@/db';
import { recordEvent } from '@/lib/core/events';
import { type RetentionSettings, readRetentionSettings } from './retention';
import { scrubSubject } from './scrub';
import { uuidArray } from './sql';
import { ERASED } from './tables';

export type PurgeCounts = Record<
  'photos' | 'orders' | 'orderlessCases' | 'caseMessages' | 'outboxBodies' | 'webhookPayloads' | 'trackingLinks' | 'staffSessions' | 'csatComments',
  number
>;

const BATCH = 500;

/** Runs one batch statement until it touches fewer rows than a batch. */
async function drain(db: Db, statement: () => SQL): Promise<number> {
  let total = 0;
  for (;;) {
    const n = (await db.execute(statement())).count ?? 0;
    total += n;
    if (n < BATCH) return total;
  }
}

const ago = (now: Date, amount: number, unit: 'days' | 'months' | 'years') => sql`(${now.toISOString()}::timestamptz - ${`${amount} ${unit}`}::interval)`;

/** Open work keeps an order's personal data whatever its age (a return or case still running). */
const orderHasOpenWork = sql`(
  exists (select 1 from returns r where r.order_id = o.id and r.status not in ('completed', 'rejected', 'canceled'))
  or exists (select 1 from claims c where c.order_id = o.id and c.status in ('open', 'approved'))
  or exists (select 1 from cases k where k.order_id = o.id and k.status not in ('resolved', 'closed')))`;

/** Pseudonymizes orders older than the period, a batch at a time, through the same erasers as erasure. */
async function purgeOrders(db: Db, cutoff: SQL): Promise<number> {
  let total = 0;
  for (;;) {
    const n = await db.transaction(async (tx) => {
      const rows = await tx.execute<{ id: string }>(sql`
        select o.id from orders o
        where o.placed_at < ${cutoff} and o.email not like '%@erased.invalid' and not ${orderHasOpenWork}
        order by o.placed_at limit ${BATCH} for update skip locked`);
      if (rows.length === 0) return 0;
      const orderIds = rows.map((r) => r.id);
      const cases = await tx.execute<{ id: string }>(sql`select id from cases where order_id = any(${uuidArray(orderIds)})`);
      // Redacted only inside rows linked to these orders and their cases (linkedOnly below).
      const terms = await tx.execute<{ term: string | null }>(sql`
        select unnest(array[o.customer_name, o.shipping_name, o.phone, o.shipping_line1, o.email]) as term
        from orders o where o.id = any(${uuidArray(orderIds)})`);
      const parcels = await tx.execute<{ n: string }>(sql`select tracking_number as n from shipments where order_id = any(${uuidArray(orderIds)})`);
      await scrubSubject(tx, {
        orderIds,
        caseIds: cases.map((c) => c.id),
        emails: [],
        terms: terms.map((t) => t.term).filter((t): t is string => !!t && t !== ERASED),
        trackingNumbers: parcels.map((p) => p.n),
        linkedOnly: true,
      });
      return orderIds.length;
    });
    total += n;
    if (n < BATCH) return total;
  }
}

/** Cases without an order (questions by email) closed longer ago than the order period. */
async function purgeOrderlessCases(db: Db, cutoff: SQL): Promise<number> {
  let total = 0;
  for (;;) {
    const n = await db.transaction(async (tx) => {
      const rows = await tx.execute<{ id: string; email: string; name: string | null }>(sql`
        select id, customer_email as email, customer_name as name from cases
        where order_id is null and status = 'closed' and coalesce(closed_at, updated_at) < ${cutoff}
          and customer_email not like '%@erased.invalid'
        limit ${BATCH} for update skip locked`);
      if (rows.length === 0) return 0;
      await scrubSubject(tx, {
        orderIds: [],
        caseIds: rows.map((r) => r.id),
        emails: [],
        terms: rows.flatMap((r) => [r.email, r.name ?? '']),
        trackingNumbers: [],
        linkedOnly: true,
      });
      return rows.length;
    });
    total += n;
    if (n < BATCH) return total;
  }
}

/** Applies every retention period once. `now` and `settings` are for tests; the job uses the defaults. */
export async function purgeExpiredData(db: Db, options: { now?: Date; settings?: RetentionSettings } = {}): Promise<PurgeCounts> {
  const now = options.now ?? new Date();
  const r = options.settings ?? (await readRetentionSettings(db));
  const photoCutoff = ago(now, r.photosDays, 'days');
  const counts: PurgeCounts = {
    // A photo goes when what it documents closed: its return (completed/rejected/canceled) or claim.
    photos: await drain(
      db,
      () => sql`delete from photos where id in (
        select p.id from photos p
        left join return_items ri on ri.id = p.return_item_id
        left join returns rt on rt.id = ri.return_id
        left join claims c on c.id = p.claim_id
        where (rt.id is not null and rt.status in ('completed', 'rejected', 'canceled')
               and coalesce(rt.completed_at, rt.rejected_at, rt.canceled_at, rt.updated_at) < ${photoCutoff})
           or (c.id is not null and c.status in ('resolved', 'rejected') and coalesce(c.resolved_at, c.updated_at) < ${photoCutoff})
        limit ${BATCH})`,
    ),
    orders: await purgeOrders(db, ago(now, r.orderPersonalYears, 'years')),
    orderlessCases: await purgeOrderlessCases(db, ago(now, r.orderPersonalYears, 'years')),
    caseMessages: await drain(
      db,
      () => sql`delete from case_messages where id in (
        select m.id from case_messages m join cases k on k.id = m.case_id
        where k.status = 'closed' and coalesce(k.closed_at, k.updated_at) < ${ago(now, r.caseMessagesMonths, 'months')}
        limit ${BATCH})`,
    ),
    // The email's metadata (kind, time, status, recipient) stays for the outbox view; the body goes.
    outboxBodies: await drain(
      db,
      () => sql`update outbox set payload = jsonb_build_object('to', payload->'to', 'subject', payload->'subject', 'html', '', 'text', '', 'purged', true)
        where id in (
          select id from outbox
          where status in ('sent', 'captured', 'failed') and coalesce(sent_at, updated_at) < ${ago(now, r.outboxBodiesDays, 'days')}
            and not (payload ? 'purged')
          limit ${BATCH})`,
    ),
    webhookPayloads: await drain(
      db,
      () => sql`update webhook_inbox set raw_body = ${ERASED}, headers = null
        where id in (
          select id from webhook_inbox
          where processed_at < ${ago(now, r.webhookPayloadsDays, 'days')} and raw_body not in ('', ${ERASED})
          limit ${BATCH})`,
    ),
    trackingLinks: await drain(
      db,
      () => sql`delete from tracking_links where id in (
        select id from tracking_links where least(expires_at, coalesce(revoked_at, expires_at)) < ${ago(now, r.trackingLinksDays, 'days')} limit ${BATCH})`,
    ),
    staffSessions: await drain(
      db,
      () => sql`delete from staff_sessions where id in (
        select id from staff_sessions where least(expires_at, last_seen_at + interval '30 minutes') < ${ago(now, r.staffSessionsDays, 'days')} limit ${BATCH})`,
    ),
    csatComments: await drain(
      db,
      () => sql`update csat_responses set comment = null
        where id in (select id from csat_responses where comment is not null and coalesce(responded_at, sent_at) < ${ago(now, r.csatCommentsMonths, 'months')} limit ${BATCH})`,
    ),
  };
  await recordEvent(db, { actor: { type: 'system' }, type: 'privacy.purged', data: { counts, retention: r } });
  return counts;
}
