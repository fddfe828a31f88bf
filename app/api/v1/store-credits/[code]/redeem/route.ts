// POST /api/v1/store-credits/{code}/redeem: spend part of a store credit (idempotent with Idempotency-Key)
import { apiRoute, methodsNotAllowed } from '@/lib/api/handler';
import { redeemStoreCredit } from '@/lib/store-credits/redeem-store-credit';
import { redeemStoreCreditSchema, storeCreditCodeParamsSchema } from '@/lib/store-credits/schemas';

export const POST = apiRoute({ scope: 'store_credits:write', params: storeCreditCodeParamsSchema, body: redeemStoreCreditSchema }, async ({ db, actor, params, body }) => ({
  status: 200,
  body: await redeemStoreCredit({ db, actor }, params.code, body),
}));

export const { GET, PUT, PATCH, DELETE, OPTIONS } = methodsNotAllowed('POST');
