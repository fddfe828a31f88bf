import { eq } from 'drizzle-orm';
import type { Tx } from '@/db';
import { cases, orders, returns } from '@/db/schema';
import { isLocale } from '@/lib/i18n/locales';
import { enqueueEmail } from '@/lib/outbox/enqueue-email';

/*
 * PLACEHOLDER for contract C8 (owner: returns). The returns engineer's localized emails replace this
 * file at merge; this stand-in queues a bare notice with the same kind and dedupe key, so the staff
 * flow and its tests can see one email per (return, step) in the outbox.
 */
export type ReturnEmailStep = 'requested' | 'approved' | 'label_issued' | 'received' | 'inspected' | 'completed' | 'rejected' | 'canceled';

/** Localized email to the customer for one step of a return; at most once per (return, step). */
export async function queueReturnEmail(tx: Tx, input: { returnId: string; step: ReturnEmailStep }): Promise<void> {
  const [row] = await tx
    .select({ id: returns.id, rma: returns.rmaNumber, orderId: orders.id, email: orders.email, locale: orders.locale })
    .from(returns)
    .innerJoin(orders, eq(orders.id, returns.orderId))
    .where(eq(returns.id, input.returnId))
    .limit(1);
  if (!row) return;
  const [kase] = await tx.select({ id: cases.id }).from(cases).where(eq(cases.returnId, row.id)).limit(1);
  const text = `${row.rma}: ${input.step}`;
  await enqueueEmail(tx, {
    kind: `email.return_${input.step}`,
    dedupeKey: `return:${row.id}:${input.step}`,
    locale: isLocale(row.locale) ? row.locale : 'fi',
    orderId: row.orderId,
    caseId: kase?.id,
    email: { to: row.email, subject: text, text, html: `<p>${text}</p>` },
  });
}
