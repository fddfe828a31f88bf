// GET /api/v1/store-credits/{code}: the balance of a store credit
import { apiRoute, methodsNotAllowed } from '@/lib/api/handler';
import { getStoreCredit } from '@/lib/store-credits/get-store-credit';
import { storeCreditCodeParamsSchema } from '@/lib/store-credits/schemas';

export const GET = apiRoute({ scope: 'store_credits:read', params: storeCreditCodeParamsSchema }, async ({ db, actor, params }) => ({
  status: 200,
  body: await getStoreCredit({ db, actor }, params.code),
}));

export const { POST, PUT, PATCH, DELETE, OPTIONS } = methodsNotAllowed('GET');
