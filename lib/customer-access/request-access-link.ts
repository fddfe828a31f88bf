import 'server-only';
import type { Db } from '@/db';
import { orderAccessLinks, orders } from '@/db/schema';
import { recordEvent } from '@/lib/core/events';
import { isLocale } from '@/lib/core/locales';
import { orderNumberIs } from '@/lib/core/order-number';
import { resolveOrderNumber } from '@/lib/orders/queries';
import { enqueueEmail } from '@/lib/outbox/enqueue-email';
import { appUrl } from '@/lib/core/url';
import { emailBrand } from '@/lib/outbox/service-email-layout';
import { type Limit, takeAttempt } from '@/lib/rate-limit/rate-limit';
import { loadEmailMessages } from '@/lib/settings/email-templates';
import { readShopSettings } from '@/lib/settings/shop';
import { hashLinkToken, newLinkToken } from '@/lib/tracking-links/token';
import { renderAccessLinkEmail } from './access-link-email';
import { ACCESS_LINK_TTL_SECONDS, type RequestAccessLinkInput, requestAccessLinkSchema } from './schemas';

/** No mailbox gets more than 3 links an hour for one order, whoever asks … */
export const accessLinksPerOrder: Limit = { bucket: 'access_link_order', max: 3, windowSeconds: 3600 };
/** … and one address cannot make the shop send mail to many customers. */
export const accessLinksPerClient: Limit = { bucket: 'access_link_client', max: 10, windowSeconds: 3600 };

/**
 * "Email me a link": sends a one-time link (30 minutes, single use) to the email address on the order,
 * in the order's language, through the outbox. The caller always answers the same "if this order
 * exists, we sent a link" whatever happened here (no order, limit reached, sent), so nobody learns
 * whether an order exists. The lookup counters never block this: it is how an owner gets in while
 * someone else is guessing. Returns whether a link was queued (for tests and logs only).
 */
export async function requestAccessLink(ctx: { db: Db; clientKey: string }, input: RequestAccessLinkInput): Promise<{ sent: boolean }> {
  const { orderNumber } = requestAccessLinkSchema.parse(input);
  const { db, clientKey } = ctx;
  if (!(await takeAttempt(db, accessLinksPerClient, clientKey)).allowed) return { sent: false };
  const resolved = await resolveOrderNumber(db, orderNumber);
  const [order] = resolved
    ? await db
        .select({ id: orders.id, orderNumber: orders.orderNumber, email: orders.email, locale: orders.locale })
        .from(orders)
        .where(orderNumberIs(resolved))
        .limit(1)
    : [];
  if (!order) return { sent: false };
  if (!(await takeAttempt(db, accessLinksPerOrder, order.id)).allowed) return { sent: false };

  const locale = isLocale(order.locale) ? order.locale : 'fi';
  const token = newLinkToken();
  await db.transaction(async (tx) => {
    const [link] = await tx
      .insert(orderAccessLinks)
      .values({ tokenHash: hashLinkToken(token), orderId: order.id, expiresAt: new Date(Date.now() + ACCESS_LINK_TTL_SECONDS * 1000) })
      .returning({ id: orderAccessLinks.id, expiresAt: orderAccessLinks.expiresAt });
    const [shop, messages] = await Promise.all([readShopSettings(tx), loadEmailMessages(tx, locale)]);
    const email = await renderAccessLinkEmail(locale, messages, {
      orderNumber: order.orderNumber,
      url: appUrl(`/${locale}/access/${token}`),
      brand: emailBrand(shop),
    });
    await enqueueEmail(tx, {
      kind: 'customer_access_link',
      dedupeKey: `access-link:${link!.id}`,
      locale,
      orderId: order.id,
      email: { to: order.email, ...email },
    });
    await recordEvent(tx, {
      actor: { type: 'customer', orderId: order.id },
      type: 'order.access_link_sent',
      orderId: order.id,
      data: { linkId: link!.id, expiresAt: link!.expiresAt.toISOString() },
    });
  });
  return { sent: true };
}

