// POST /api/v1/orders/{orderNumber}/tracking-links → 201 {url, expiresAt}
// DELETE /api/v1/orders/{orderNumber}/tracking-links → 204 (every link of the order revoked)
import { apiRoute, methodsNotAllowed } from '@/lib/api/handler';
import { recordEvent } from '@/lib/core/events';
import { AppError } from '@/lib/errors';
import { findApiOrderId } from '@/lib/orders/api-queries';
import { orderNumberParamsSchema } from '@/lib/orders/schemas';
import { createTrackingLinkSchema } from '@/lib/tracking-links/api-schemas';
import { mintTrackingLink } from '@/lib/tracking-links/mint-tracking-link';
import { revokeTrackingLinks } from '@/lib/tracking-links/revoke-tracking-links';

export const POST = apiRoute(
  { scope: 'links:write', params: orderNumberParamsSchema, body: createTrackingLinkSchema, bodyOptional: true },
  async ({ db, actor, params, body }) => {
    const orderId = await findApiOrderId(db, params.orderNumber);
    if (!orderId) throw new AppError('not_found', `Order ${params.orderNumber} not found.`);
    const link = await db.transaction(async (tx) => {
      const minted = await mintTrackingLink(tx, { orderId, ttlDays: body.ttlDays });
      // The token itself never reaches the audit trail.
      await recordEvent(tx, { actor, type: 'tracking_link.created', orderId, data: { expiresAt: minted.expiresAt.toISOString() } });
      return minted;
    });
    return { status: 201, body: { url: link.url, expiresAt: link.expiresAt.toISOString() } };
  },
);

/**
 * Revokes every live link of the order (e.g. after an email went to the wrong person). The next request
 * through any of them lands on the link-expired page, the tracking page cache included. Idempotent: a
 * second call revokes nothing more and answers 204 too.
 */
export const DELETE = apiRoute({ scope: 'links:write', params: orderNumberParamsSchema }, async ({ db, actor, params }) => {
  const orderId = await findApiOrderId(db, params.orderNumber);
  if (!orderId) throw new AppError('not_found', `Order ${params.orderNumber} not found.`);
  await revokeTrackingLinks({ db, actor }, { orderId });
  return { status: 204, body: null };
});

// Every other method: 405 in the API error shape with Allow; OPTIONS lists the allowed ones.
export const { GET, PUT, PATCH, OPTIONS } = methodsNotAllowed('POST', 'DELETE');
