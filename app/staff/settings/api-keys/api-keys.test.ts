/**
 * The API key section end to end below the browser: the real server actions (admin session from a
 * faked cookie jar) create and revoke a key; the real merchant API route answers with it.
 */
import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { apiKeys, caseEvents } from '@/db/schema';
import { createStaffSession } from '@/lib/auth/staff-sessions';
import { generateTotpSecret } from '@/lib/auth/totp';
import { call } from '@/test/api-client';
import { testDb } from '@/test/db';
import { createOrder } from '@/test/factories';
import { createStaff } from '@/test/staff-factories';
import * as orderRoute from '../../../api/v1/orders/[orderNumber]/route';
import { createApiKeyAction, revokeApiKeyAction } from './actions';

const jar = new Map<string, string>();
vi.mock('next/headers', () => ({
  cookies: async () => ({ get: (name: string) => (jar.has(name) ? { name, value: jar.get(name)! } : undefined), set: () => undefined, delete: () => undefined }),
  headers: async () => new Headers({ 'x-paluu-client-ip': '203.0.113.9' }),
}));
vi.mock('next/cache', () => ({ revalidatePath: () => undefined }));

const db = testDb();
let adminId: string;

beforeAll(async () => {
  const admin = await createStaff(db, { role: 'admin', totpSecret: generateTotpSecret() });
  adminId = admin.id;
  jar.set('paluu_staff', (await createStaffSession(db, { staffId: admin.id, twoFactorVerified: true })).token);
});

describe('API keys from the settings page', () => {
  it('a key created here reads orders through the merchant API; once revoked it gets 401', async () => {
    const order = await createOrder(db);
    const created = await createApiKeyAction({ name: 'Web shop', scopes: ['orders:read'] });
    expect(created).toMatchObject({ ok: true, done: 'keyCreated' });
    if (created.ok !== true) throw new Error('not created');
    const key = String(created.values?.key);
    const prefix = String(created.values?.prefix);
    expect(key).toMatch(new RegExp(`^pal_${prefix}_`));
    // Stored: prefix and hash only, created by this admin, audited.
    const [row] = await db.select().from(apiKeys).where(eq(apiKeys.prefix, prefix));
    expect(row).toMatchObject({ name: 'Web shop', scopes: ['orders:read'], createdByStaffId: adminId, revokedAt: null });
    expect(JSON.stringify(row)).not.toContain(key.split('_').at(-1));
    expect(await db.select().from(caseEvents).where(and(eq(caseEvents.type, 'api_key.created'), eq(caseEvents.actorId, adminId)))).toHaveLength(1);

    const ok = await call(orderRoute.GET, { key, params: { orderNumber: order.orderNumber } });
    expect(ok.status).toBe(200);
    expect(ok.json.orderNumber).toBe(order.orderNumber);
    // The key has only the scope it was given.
    expect((await call(orderRoute.PUT, { key, method: 'PUT', body: {}, params: { orderNumber: order.orderNumber } })).status).toBe(403);

    expect(await revokeApiKeyAction({ prefix })).toMatchObject({ ok: true, done: 'keyRevoked' });
    expect((await call(orderRoute.GET, { key, params: { orderNumber: order.orderNumber } })).status).toBe(401);
  });

  it('bad input creates nothing', async () => {
    const before = (await db.select({ id: apiKeys.id }).from(apiKeys)).length;
    for (const input of [{ name: '', scopes: ['orders:read'] }, { name: 'x', scopes: [] }, { name: 'x', scopes: ['everything'] }, { name: 'x'.repeat(101), scopes: ['orders:read'] }]) {
      expect(await createApiKeyAction(input as never)).toMatchObject({ ok: false, code: 'invalid_input' });
    }
    expect(await revokeApiKeyAction({ prefix: "'; drop table api_keys; --" })).toMatchObject({ ok: false, code: 'invalid_input' });
    expect(await revokeApiKeyAction({ prefix: '0123456789ab' })).toMatchObject({ ok: false, code: 'not_found' });
    expect((await db.select({ id: apiKeys.id }).from(apiKeys)).length).toBe(before);
  });
});
