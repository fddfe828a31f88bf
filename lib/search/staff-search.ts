import 'server-only';
import { type SQL, sql } from 'drizzle-orm';
import type { AnyColumn } from 'drizzle-orm';
import type { DbOrTx } from '@/db';
import { cases, orders, returns, shipments } from '@/db/schema';
import type { Actor } from '@/lib/core/actor';
import { authorize } from '@/lib/core/authorize';

/**
 * Forgiving staff search. What an agent types is read four ways at once:
 * - as a number: its search key, upper-case letters and digits only, so `kk204137`, `KK-204137` and
 *   `204137` (a part) find order KK-204137, `r10005` finds RMA R-10005, `JJFI 1234` a tracking number;
 * - as a case number (`#1042`, `1042`);
 * - as part of an email (`virtanen@`, `example.com`);
 * - as a name with typos (`Virtannen` finds Virtanen: pg_trgm word similarity).
 * Every form is served by a trigram index (migration 0012_staff_search_trgm).
 */
export type ParsedSearch = { text: string; lower: string; key: string; caseNumber: number | null };

/** Search keys shorter than this match too much (and a trigram index cannot serve them). */
const MIN_PARTIAL = 3;

export function parseSearch(raw: string): ParsedSearch | null {
  // NUL can never be stored in text and PostgreSQL rejects it (a 500 otherwise).
  const text = raw.replace(/\u0000/g, '').trim().slice(0, 200);
  if (!text) return null;
  const digits = /^#?\s*(\d{1,9})$/.exec(text)?.[1];
  return { text, lower: text.toLowerCase(), key: searchKey(text), caseNumber: digits ? Number(digits) : null };
}

/** The same normalisation as searchKeySql(): "kk-204 137" → "KK204137". */
export function searchKey(value: string): string {
  return value.toUpperCase().replace(/[^A-Z0-9]/g, '');
}

/** Must stay the exact expression of the trigram indexes in migration 0012. */
export function searchKeySql(column: AnyColumn | SQL): SQL {
  return sql`regexp_replace(upper(${column}), '[^A-Z0-9]', '', 'g')`;
}

const likeEscape = (value: string) => value.replace(/[\\%_]/g, (c) => `\\${c}`);
const contains = (value: string) => `%${likeEscape(value)}%`;

/** The cases a search finds: used by the queue's search filter (one condition, no extra query). */
export function caseSearchCondition(q: ParsedSearch): SQL {
  const parts: SQL[] = [];
  if (q.caseNumber !== null) parts.push(sql`${cases.number} = ${q.caseNumber}`);
  if (q.key.length >= MIN_PARTIAL) {
    const key = contains(q.key);
    parts.push(sql`${cases.orderId} in (select ${orders.id} from ${orders} where ${searchKeySql(orders.orderNumber)} like ${key})`);
    parts.push(sql`${cases.orderId} in (select ${shipments.orderId} from ${shipments} where ${searchKeySql(shipments.trackingNumber)} like ${key})`);
    parts.push(sql`${cases.returnId} in (select ${returns.id} from ${returns} where ${searchKeySql(returns.rmaNumber)} like ${key})`);
  }
  if (q.lower.length >= MIN_PARTIAL) {
    parts.push(sql`lower(${cases.customerEmail}) like ${contains(q.lower)}`);
    if (/\p{L}/u.test(q.text)) parts.push(sql`${q.lower} <% lower(${cases.customerName})`);
  }
  if (parts.length === 0) return sql`false`;
  return sql`(${sql.join(parts, sql` or `)})`;
}

export type SearchHit = {
  kind: 'case' | 'order' | 'return' | 'parcel';
  id: string;
  /** Case number, order number, RMA or tracking number. */
  label: string;
  /** The subject, the customer or the order the hit belongs to. */
  detail: string | null;
  status: string | null;
  /** The case to open for this hit (the latest case of its order or return), if any. */
  caseId: string | null;
  carrier: string | null;
};
export type SearchResults = { q: string; cases: SearchHit[]; orders: SearchHit[]; returns: SearchHit[]; parcels: SearchHit[] };

const PER_GROUP = 10;

/** The header search: cases, orders, returns and parcels in one statement (four limited branches). */
export async function staffSearch(ctx: { db: DbOrTx; actor: Actor }, raw: string): Promise<SearchResults> {
  authorize(ctx.actor, 'cases.work');
  const empty: SearchResults = { q: raw.trim().slice(0, 200), cases: [], orders: [], returns: [], parcels: [] };
  const q = parseSearch(raw);
  if (!q) return empty;
  const partial = q.key.length >= MIN_PARTIAL;
  const key = contains(q.key);
  const exactKey = q.key;
  const hasLetters = /\p{L}/u.test(q.text);
  const textual = q.lower.length >= MIN_PARTIAL;
  const orderMatch: SQL[] = [];
  if (partial) orderMatch.push(sql`${searchKeySql(sql`o.order_number`)} like ${key}`);
  if (textual) orderMatch.push(sql`lower(o.email) like ${contains(q.lower)}`);
  if (textual && hasLetters) orderMatch.push(sql`${q.lower} <% lower(o.customer_name)`);
  const orderWhere = orderMatch.length ? sql.join(orderMatch, sql` or `) : sql`false`;
  const latestCase = (where: SQL) => sql`(select c2.id from cases c2 where ${where} order by c2.created_at desc limit 1)`;
  const rows = (await ctx.db.execute(sql`
    (select 'case' as kind, ${cases.id} as id, '#' || ${cases.number} as label, ${cases.subject}::text as detail, ${cases.status}::text as status, ${cases.id} as case_id, null::text as carrier,
            (${cases.number} = ${q.caseNumber ?? -1})::int as exact
       from ${cases}
      where ${caseSearchCondition(q)}
      order by 8 desc, ${cases.updatedAt} desc limit ${PER_GROUP})
    union all
    (select 'order', o.id, o.order_number::text, (o.customer_name || ' · ' || o.email)::text, null, ${latestCase(sql`c2.order_id = o.id`)}, null,
            (${searchKeySql(sql`o.order_number`)} = ${exactKey})::int
       from ${orders} o where ${orderWhere}
      order by 8 desc, o.placed_at desc limit ${PER_GROUP})
    union all
    (select 'return', r.id, r.rma_number::text, o.order_number::text, r.status::text, ${latestCase(sql`c2.return_id = r.id`)}, null,
            (${searchKeySql(sql`r.rma_number`)} = ${exactKey})::int
       from ${returns} r join ${orders} o on o.id = r.order_id
      where ${partial ? sql`${searchKeySql(sql`r.rma_number`)} like ${key}` : sql`false`}
      order by 8 desc, r.created_at desc limit ${PER_GROUP})
    union all
    (select 'parcel', s.id, s.tracking_number::text, o.order_number::text, s.status::text, ${latestCase(sql`c2.order_id = s.order_id`)}, s.carrier::text,
            (${searchKeySql(sql`s.tracking_number`)} = ${exactKey})::int
       from ${shipments} s join ${orders} o on o.id = s.order_id
      where ${partial ? sql`${searchKeySql(sql`s.tracking_number`)} like ${key}` : sql`false`}
      order by 8 desc, s.created_at desc limit ${PER_GROUP})
  `)) as unknown as Array<{ kind: SearchHit['kind']; id: string; label: string; detail: string | null; status: string | null; case_id: string | null; carrier: string | null }>;
  const out = { ...empty, q: q.text };
  const group = { case: out.cases, order: out.orders, return: out.returns, parcel: out.parcels };
  for (const r of rows) group[r.kind].push({ kind: r.kind, id: r.id, label: r.label, detail: r.detail, status: r.status, caseId: r.case_id, carrier: r.carrier });
  return out;
}
