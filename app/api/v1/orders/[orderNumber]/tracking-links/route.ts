// POST /api/v1/orders/{orderNumber}/tracking-links → 201 {url, expiresAt}
import { apiRoute, methodsNotAllowed } from '@/lib/api/handler';
import { recordCaseEvent } from '@/lib/cases/record-case-event';
import { AppError } from '@/lib/errors';
import { findApiOrderId } from '@/lib/orders/api-queries';
import { orderNumberParamsSchema } from '@/lib/orders/schemas';
import { createTrackingLinkSchema } from '@/lib/tracking-links/api-schemas';
import { mintTrackingLink } from '@/lib/tracking-links/mint-tracking-link';

export const POST = apiRoute(
  { scope: 'links:write', params: orderNumberParamsSchema, body: createTrackingLinkSchema, bodyOptional: true },
  async ({ db, actor, params, body }) => {
    const orderId = await findApiOrderId(db, params.orderNumber);
    if (!orderId) throw new AppError('not_found', `Order ${params.orderNumber} not found.`);
    const link = await db.transaction(async (tx) => {
      const minted = await mintTrackingLink(tx, { orderId, ttlDays: body.ttlDays });
      // The token itself never reaches the audit trail.
      await recordCaseEvent(tx, { actor, type: 'tracking_link.created', orderId, data: { expiresAt: minted.expiresAt.toISOString() } });
      return minted;
    });
    return { status: 201, body: { url: link.url, expiresAt: link.expiresAt.toISOString() } };
  },
);

// Every other method: 405 in the API error shape with Allow (not Next.js's empty 405); OPTIONS lists the allowed ones.
// When DELETE (revoke every link) lands here: take DELETE out of this list and add 'DELETE' to the allowed ones.
export const { GET, PUT, PATCH, DELETE, OPTIONS } = methodsNotAllowed('POST');
