// PUT /api/v1/orders/{orderNumber} (create 201 / replace 200) · GET /api/v1/orders/{orderNumber}
import { apiRoute, methodsNotAllowed } from '@/lib/api/handler';
import { AppError } from '@/lib/errors';
import { findApiOrderId, getApiOrder } from '@/lib/orders/api-queries';
import { orderNumberParamsSchema, upsertOrderSchema } from '@/lib/orders/schemas';
import { upsertOrder } from '@/lib/orders/upsert-order';

export const PUT = apiRoute({ scope: 'orders:write', params: orderNumberParamsSchema, body: upsertOrderSchema }, async ({ db, actor, params, body }) => {
  const { orderId, created } = await upsertOrder({ db, actor }, { ...body, orderNumber: params.orderNumber });
  return { status: created ? 201 : 200, body: await getApiOrder(db, orderId) };
});

export const GET = apiRoute({ scope: 'orders:read', params: orderNumberParamsSchema }, async ({ db, params }) => {
  const orderId = await findApiOrderId(db, params.orderNumber);
  const order = orderId ? await getApiOrder(db, orderId) : null;
  if (!order) throw new AppError('not_found', `Order ${params.orderNumber} not found.`);
  return { status: 200, body: order };
});

// Every other method: 405 in the API error shape with Allow (not Next.js's empty 405); OPTIONS lists the allowed ones.
export const { POST, PATCH, DELETE, OPTIONS } = methodsNotAllowed('GET', 'PUT');
