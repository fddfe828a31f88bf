// PUT /api/v1/variants/{sku} (create 201 / replace 200)
import { apiRoute } from '@/lib/api/handler';
import { skuParamsSchema, upsertVariantSchema } from '@/lib/catalog/schemas';
import { upsertVariant } from '@/lib/catalog/upsert-variant';

export const PUT = apiRoute({ scope: 'catalog:write', params: skuParamsSchema, body: upsertVariantSchema }, async ({ db, actor, params, body }) => {
  const { created, variant } = await upsertVariant({ db, actor }, { ...body, sku: params.sku });
  return { status: created ? 201 : 200, body: variant };
});
