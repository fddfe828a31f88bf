// POST /api/v1/orders/{orderNumber}/shipments → 201 {id, trackingUrl}
import { apiRoute, methodsNotAllowed } from '@/lib/api/handler';
import { AppError } from '@/lib/errors';
import { findApiOrderId } from '@/lib/orders/api-queries';
import { orderNumberParamsSchema } from '@/lib/orders/schemas';
import { createShipment } from '@/lib/shipments/create-shipment';
import { createShipmentSchema } from '@/lib/shipments/schemas';

export const POST = apiRoute({ scope: 'shipments:write', params: orderNumberParamsSchema, body: createShipmentSchema }, async ({ db, actor, params, body }) => {
  const orderId = await findApiOrderId(db, params.orderNumber);
  if (!orderId) throw new AppError('not_found', `Order ${params.orderNumber} not found.`);
  return { status: 201, body: await createShipment({ db, actor }, { ...body, orderId }) };
});

// Every other method: 405 in the API error shape with Allow (not Next.js's empty 405); OPTIONS lists the allowed ones.
export const { GET, PUT, PATCH, DELETE, OPTIONS } = methodsNotAllowed('POST');
