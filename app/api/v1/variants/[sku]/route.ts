// PUT /api/v1/variants/{sku} (create 201 / replace 200)
import { apiRoute, methodsNotAllowed } from '@/lib/api/handler';
import { skuParamsSchema, upsertVariantSchema } from '@/lib/catalog/schemas';
import { upsertVariant } from '@/lib/catalog/upsert-variant';

export const PUT = apiRoute({ scope: 'catalog:write', params: skuParamsSchema, body: upsertVariantSchema }, async ({ db, actor, params, body }) => {
  const { created, variant } = await upsertVariant({ db, actor }, { ...body, sku: params.sku });
  return { status: created ? 201 : 200, body: variant };
});

// Every other method: 405 in the API error shape with Allow (not Next.js's empty 405); OPTIONS lists the allowed ones.
export const { GET, POST, PATCH, DELETE, OPTIONS } = methodsNotAllowed('PUT');
