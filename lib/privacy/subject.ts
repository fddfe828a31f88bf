import { sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db';
import type { ScrubSubject } from './scrub';
import { textArray, uuidArray } from './sql';

/**
 * Everything that belongs to one email address: orders placed with it, withdrawals and cases
 * filed with it (and the cases of those orders), and the identifying values to redact elsewhere.
 */
export async function findSubject(db: DbOrTx, email: string): Promise<ScrubSubject> {
  const emails = [email.trim().toLowerCase()];
  const orderRows = await db.execute<{ id: string }>(sql`
    select id from orders where lower(email) = any(${textArray(emails)})
    union select order_id from withdrawals where lower(email) = any(${textArray(emails)})
    union select order_id from cases where lower(customer_email) = any(${textArray(emails)}) and order_id is not null`);
  const orderIds = orderRows.map((r) => r.id);
  const caseRows = await db.execute<{ id: string }>(sql`
    select id from cases where lower(customer_email) = any(${textArray(emails)}) or order_id = any(${uuidArray(orderIds)})`);
  const caseIds = caseRows.map((r) => r.id);
  const termRows = await db.execute<{ term: string | null }>(sql`
    select unnest(array[customer_name, shipping_name, phone, shipping_line1, shipping_line2, email]) as term
      from orders where id = any(${uuidArray(orderIds)})
    union select name from withdrawals where order_id = any(${uuidArray(orderIds)}) or lower(email) = any(${textArray(emails)})
    union select customer_name from cases where id = any(${uuidArray(caseIds)})
    union select customer_email from cases where id = any(${uuidArray(caseIds)})`);
  const parcelRows = await db.execute<{ n: string }>(sql`select tracking_number as n from shipments where order_id = any(${uuidArray(orderIds)})`);
  // Already pseudonymized values are not the person's any more.
  const terms = termRows.map((r) => r.term).filter((t): t is string => !!t && t !== '[erased]' && !t.endsWith('@erased.invalid'));
  return { orderIds, caseIds, emails, terms: [...new Set(terms)], trackingNumbers: parcelRows.map((r) => r.n) };
}
