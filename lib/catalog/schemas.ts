import { z } from 'zod';
import { moneySchema } from '@/lib/orders/schemas';

export const skuParamsSchema = z.object({ sku: z.string().min(1).max(100) });

/** PUT /api/v1/variants/{sku} */
export const upsertVariantSchema = z.object({
  productKey: z.string().trim().min(1).max(100),
  title: z.string().trim().min(1).max(300),
  options: z.record(z.string().max(50), z.string().max(100)),
  price: moneySchema.describe('Minor units'),
  stock: z.int().min(0).max(2_147_483_647),
});
export type UpsertVariantInput = z.infer<typeof upsertVariantSchema>;

export const variantSchema = upsertVariantSchema.extend({ sku: z.string(), updatedAt: z.iso.datetime() });
