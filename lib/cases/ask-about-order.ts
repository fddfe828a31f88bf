import 'server-only';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '@/db';
import { caseMessages, cases, orders } from '@/db/schema';
import { AppError } from '@/lib/errors';
import { toLocale } from '@/lib/i18n/locales';
import { type Limit, takeAttempt } from '@/lib/rate-limit/rate-limit';
import { openCase } from './open-case';
import { recordEvent } from '@/lib/core/events';

/** Messages are catalog keys (`firstScreen.ask.errors.<key>`). */
export const askAboutOrderSchema = z.object({
  message: z
    .string()
    .trim()
    .min(10, 'messageTooShort')
    .max(5_000, 'tooLong')
    .refine((v) => !v.includes('\u0000'), 'messageTooShort'),
});

/** A person asks a few questions an hour about one order; a script is stopped. */
export const QUESTIONS_PER_ORDER: Limit = { bucket: 'ask_about_order', max: 5, windowSeconds: 60 * 60 };

/**
 * "Ask about this order", after the page has shown what we already know: a question case opens with
 * the order attached and the customer's words as its first message; the answer goes out by email
 * (the desk's reply). One transaction: the case (with its `case.opened` audit row), the message and
 * a `case.customer_asked` audit row. The caller has checked the verified grant for `orderId`.
 */
export async function askAboutOrder(ctx: { db: Db }, input: { orderId: string; message: string }): Promise<{ caseNumber: number }> {
  const { message } = askAboutOrderSchema.parse({ message: input.message });
  const attempt = await takeAttempt(ctx.db, QUESTIONS_PER_ORDER, input.orderId);
  if (!attempt.allowed) throw new AppError('rate_limited', 'Too many questions.', { retryAfterSeconds: attempt.retryAfterSeconds });
  return ctx.db.transaction(async (tx) => {
    const [order] = await tx
      .select({ id: orders.id, orderNumber: orders.orderNumber, email: orders.email, customerName: orders.customerName, locale: orders.locale })
      .from(orders)
      .where(eq(orders.id, input.orderId))
      .limit(1);
    if (!order) throw new AppError('not_found');
    const actor = { type: 'customer', orderId: order.id } as const;
    const opened = await openCase(tx, {
      actor,
      type: 'question',
      subject: `Question about order ${order.orderNumber}`,
      customerEmail: order.email,
      customerName: order.customerName,
      locale: toLocale(order.locale),
      orderId: order.id,
      tags: ['ask-about-order'],
    });
    const now = new Date();
    const [row] = await tx
      .insert(caseMessages)
      .values({ caseId: opened.id, kind: 'customer_message', body: message, locale: toLocale(order.locale), createdAt: now })
      .returning({ id: caseMessages.id });
    await tx.update(cases).set({ lastMessageAt: now }).where(eq(cases.id, opened.id));
    await recordEvent(tx, { actor, type: 'case.customer_asked', caseId: opened.id, orderId: order.id, data: { messageId: row!.id, source: 'order_page' } });
    return { caseNumber: opened.number };
  });
}
