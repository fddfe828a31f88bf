import { randomUUID } from 'node:crypto';
import { type SQL, sql } from 'drizzle-orm';
import type { Tx } from '@/db';
import { textArray, termsPattern, uuidArray } from './sql';
import { type CustomerTable, ERASED } from './tables';

/**
 * Whose data to remove: their orders and cases, the emails they used, and the literal values
 * (email, names, phone, street) to redact wherever free text or payloads quote them.
 */
export type ScrubSubject = {
  orderIds: string[];
  caseIds: string[];
  /** Lower-cased. */
  emails: string[];
  /** Values searched for in free text and payloads (≥ 4 characters each). */
  terms: string[];
  /** Tracking numbers of the subject's parcels: raw webhook payloads are matched by them. */
  trackingNumbers: string[];
  /**
   * Only rows linked to these orders and cases (the retention purge: no full-table scans per batch).
   * Erasure searches every row for the person's values instead. Short-lived tables (raw webhooks,
   * API responses, rate limits) have shorter retention periods of their own and are skipped then.
   */
  linkedOnly?: boolean;
};

export type ScrubCounts = Partial<Record<CustomerTable | 'tracking_links', number>>;

type Eraser = (tx: Tx, s: ScrubSubject, pattern: SQL) => Promise<number>;

/** `order_id = any(…) and` when only the subject's own rows are in scope. */
const linkedOrders = (s: ScrubSubject) => (s.linkedOnly ? sql`order_id = any(${uuidArray(s.orderIds)}) and` : sql``);

const count = async (tx: Tx, query: SQL): Promise<number> => (await tx.execute(query)).count ?? 0;

/** Pseudonyms derived from the row id: stable, unlinkable to the person, clearly not an address. */
const orderPseudonym = sql`'erased-' || left(md5(id::text), 12) || '@erased.invalid'`;

/** Redacts the subject's values inside text, keeping the rest of it (staff notes about several people). */
const redact = (column: SQL, pattern: SQL) => sql`regexp_replace(${column}, ${pattern}, ${ERASED}, 'gi')`;
const redactJson = (column: SQL, pattern: SQL) => sql`regexp_replace(${column}::text, ${pattern}, ${ERASED}, 'gi')::jsonb`;

/**
 * One eraser per table that holds a customer's data (the type comes from the catalogue in
 * tables.ts: a table classified there without an eraser here fails the typecheck).
 * Accounting records keep amounts, dates and numbers; names, emails, addresses and phones go.
 */
const erasers: Record<CustomerTable, Eraser> = {
  orders: (tx, s) =>
    count(
      tx,
      sql`update orders set email = ${orderPseudonym}, customer_name = ${ERASED}, phone = null,
            shipping_name = ${ERASED}, shipping_line1 = ${ERASED}, shipping_line2 = null,
            shipping_postal_code = left(shipping_postal_code, 2), shipping_city = ${ERASED}, updated_at = now()
          where id = any(${uuidArray(s.orderIds)})`,
    ),
  tracking_events: (tx, s, p) =>
    count(
      tx,
      sql`update tracking_events set description = ${redact(sql`description`, p)}, location = ${redact(sql`location`, p)}
          where shipment_id in (select id from shipments where order_id = any(${uuidArray(s.orderIds)}))
            and (description ~* ${p} or location ~* ${p})`,
    ),
  webhook_inbox: (tx, s, p) =>
    s.linkedOnly ? Promise.resolve(0) : count(
      tx,
      sql`update webhook_inbox set raw_body = ${ERASED}, headers = null, error = null
          where raw_body <> ${ERASED}
            and (raw_body ~* ${p} or headers::text ~* ${p} or error ~* ${p}
                 or exists (select 1 from unnest(${textArray(s.trackingNumbers)}) t(n) where strpos(raw_body, t.n) > 0))`,
    ),
  returns: (tx, s, p) =>
    count(
      tx,
      sql`update returns set rejection_reason = ${redact(sql`rejection_reason`, p)}, drop_off_point = ${redactJson(sql`drop_off_point`, p)}
          where order_id = any(${uuidArray(s.orderIds)}) and (rejection_reason ~* ${p} or drop_off_point::text ~* ${p})`,
    ),
  return_items: (tx, s) =>
    count(
      tx,
      sql`update return_items set comment = null
          where comment is not null and return_id in (select id from returns where order_id = any(${uuidArray(s.orderIds)}))`,
    ),
  claims: (tx, s) => count(tx, sql`update claims set description = null where description is not null and order_id = any(${uuidArray(s.orderIds)})`),
  photos: (tx, s) =>
    count(
      tx,
      sql`delete from photos
          where order_id = any(${uuidArray(s.orderIds)})
             or claim_id in (select id from claims where order_id = any(${uuidArray(s.orderIds)}))
             or return_item_id in (select ri.id from return_items ri join returns r on r.id = ri.return_id where r.order_id = any(${uuidArray(s.orderIds)}))`,
    ),
  // The withdrawal statement stays (proof, amounts, dates, receipt number); who made it does not.
  withdrawals: (tx, s) =>
    count(
      tx,
      sql`update withdrawals set name = ${ERASED}, email = ${orderPseudonym}
          where (order_id = any(${uuidArray(s.orderIds)}) or lower(email) = any(${textArray(s.emails)})) and name <> ${ERASED}`,
    ),
  cases: (tx, s, p) =>
    count(
      tx,
      sql`update cases set customer_email = ${orderPseudonym}, customer_name = null, subject = ${redact(sql`subject`, p)}, updated_at = now()
          where id = any(${uuidArray(s.caseIds)})`,
    ),
  // The subject's own threads (customer messages, replies, internal notes) go entirely; notes
  // elsewhere that mention them are redacted.
  case_messages: async (tx, s, p) =>
    (await count(tx, sql`update case_messages set body = ${ERASED} where case_id = any(${uuidArray(s.caseIds)}) and body <> ${ERASED}`)) +
    (s.linkedOnly ? 0 : await count(tx, sql`update case_messages set body = ${redact(sql`body`, p)} where body ~* ${p}`)),
  // Inbound email: the record of each email stays (it is what makes an import idempotent); who sent it and its subject go.
  inbound_emails: (tx, s) =>
    count(
      tx,
      sql`update inbound_emails set sender = ${orderPseudonym}, subject = ${ERASED}
          where (case_id = any(${uuidArray(s.caseIds)}) or lower(sender) = any(${textArray(s.emails)})) and subject <> ${ERASED}`,
    ),
  case_attachments: (tx, s) => count(tx, sql`delete from case_attachments where case_id = any(${uuidArray(s.caseIds)})`),
  // The one event log: facts and ids stay (what happened, when); names, addresses and emails in `data` go. Its
  // audit rows (audience 'audit', the case timeline) are append-only by trigger; only this transaction may rewrite
  // them (paluu.audit_rewrite).
  domain_events: async (tx, s, p) => {
    await tx.execute(sql`select set_config('paluu.audit_rewrite', 'on', true)`);
    const n = await count(
      tx,
      sql`update domain_events set data = ${redactJson(sql`data`, p)}
          where ${s.linkedOnly ? sql`(order_id = any(${uuidArray(s.orderIds)}) or case_id = any(${uuidArray(s.caseIds)})) and` : sql``} data::text ~* ${p}`,
    );
    await tx.execute(sql`select set_config('paluu.audit_rewrite', 'off', true)`);
    return n;
  },
  event_subscriptions: (tx, s, p) =>
    s.linkedOnly ? Promise.resolve(0) : count(tx, sql`update event_subscriptions set last_error = ${redact(sql`last_error`, p)} where last_error ~* ${p}`),
  // A webhook message already delivered was the merchant's copy; ours keeps its metadata, not the body.
  webhook_deliveries: (tx, s, p) =>
    count(
      tx,
      sql`update webhook_deliveries set body = ${ERASED}, last_error = null
          where body <> ${ERASED}
            and (domain_event_id in (select id from domain_events where order_id = any(${uuidArray(s.orderIds)}))
                 ${s.linkedOnly ? sql`` : sql`or body ~* ${p}`})`,
    ),
  compensations: (tx, s, p) =>
    count(
      tx,
      sql`update compensations set reason = ${redact(sql`reason`, p)}, rejection_reason = ${redact(sql`rejection_reason`, p)}
          where ${linkedOrders(s)} (reason ~* ${p} or rejection_reason ~* ${p})`,
    ),
  refunds: (tx, s, p) => count(tx, sql`update refunds set reason = ${redact(sql`reason`, p)} where ${linkedOrders(s)} reason ~* ${p}`),
  carrier_labels: (tx, s) => count(tx, sql`delete from carrier_labels where shipment_id in (select id from shipments where order_id = any(${uuidArray(s.orderIds)}))`),
  carrier_bookings: (tx, s) => count(tx, sql`delete from carrier_bookings where order_id = any(${uuidArray(s.orderIds)})`),
  refund_bank_accounts: (tx, s) => count(tx, sql`delete from refund_bank_accounts where order_id = any(${uuidArray(s.orderIds)})`),
  payout_batches: (tx, s) =>
    count(
      tx,
      sql`update payout_batches set file_xml = null, updated_at = now()
          where file_xml is not null
            and id in (select pi.batch_id from payout_items pi join refunds r on r.id = pi.refund_id where r.order_id = any(${uuidArray(s.orderIds)}))`,
    ),
  csat_responses: (tx, s) => count(tx, sql`update csat_responses set comment = null where comment is not null and case_id = any(${uuidArray(s.caseIds)})`),
  csat_opt_outs: (tx, s) => count(tx, sql`delete from csat_opt_outs where lower(email) = any(${textArray(s.emails)})`),
  delay_incidents: (tx, s, p) =>
    count(
      tx,
      sql`update delay_incidents set details = ${redactJson(sql`details`, p)}
          where ${s.linkedOnly ? sql`shipment_id in (select id from shipments where order_id = any(${uuidArray(s.orderIds)})) and` : sql``} details::text ~* ${p}`,
    ),
  notices: (tx, s, p) => count(tx, sql`update notices set error = ${redact(sql`error`, p)} where ${linkedOrders(s)} error ~* ${p}`),
  // Emails sent: metadata stays (kind, time, status), recipient and body go; unsent ones never leave.
  outbox: (tx, s, p) =>
    count(
      tx,
      sql`update outbox set recipient = ${orderPseudonym}, subject = ${ERASED},
            payload = jsonb_build_object('to', ${orderPseudonym}, 'subject', ${ERASED}::text, 'html', '', 'text', ''),
            sealed_secrets = null,
            last_error = null,
            status = case when status in ('pending', 'sending') then 'failed'::outbox_status else status end,
            updated_at = now()
          where subject <> ${ERASED}
            and (order_id = any(${uuidArray(s.orderIds)}) or case_id = any(${uuidArray(s.caseIds)})
                 ${s.linkedOnly ? sql`` : sql`or lower(recipient) = any(${textArray(s.emails)}) or subject ~* ${p} or payload::text ~* ${p}`})`,
    ),
  idempotency_keys: (tx, s, p) => (s.linkedOnly ? Promise.resolve(0) : count(tx, sql`delete from idempotency_keys where response_body::text ~* ${p}`)),
  rate_limits: (tx, s, p) => (s.linkedOnly ? Promise.resolve(0) : count(tx, sql`delete from rate_limits where key ~* ${p}`)),
};

/** Runs every eraser in the caller's transaction; returns rows touched per table. */
export async function scrubSubject(tx: Tx, subject: ScrubSubject): Promise<ScrubCounts> {
  const terms = [...new Set([...subject.emails, ...subject.terms].map((t) => t.trim()).filter((t) => t.length >= 4))];
  // No terms (nothing found): a pattern that cannot occur keeps every statement valid.
  const pattern = sql`${terms.length ? termsPattern(terms) : `paluu-no-terms-${randomUUID()}`}`;
  const counts: ScrubCounts = {};
  for (const [table, erase] of Object.entries(erasers) as [CustomerTable, Eraser][]) {
    counts[table] = await erase(tx, subject, pattern);
  }
  // Tracking links of the orders are revoked for good (only hashes, but they open the order).
  counts.tracking_links = await count(tx, sql`delete from tracking_links where order_id = any(${uuidArray(subject.orderIds)})`);
  // … and so are one-time email links.
  await tx.execute(sql`delete from order_access_links where order_id = any(${uuidArray(subject.orderIds)})`);
  return counts;
}
