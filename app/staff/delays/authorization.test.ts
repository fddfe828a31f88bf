/**
 * The Delays view's server actions, called as anonymous, with an expired session, as an agent and
 * as an admin (like app/staff/authorization.test.ts): each checks the session itself, and a refused
 * call changes nothing.
 */
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { delayIncidents, notices, settings, staffSessions } from '@/db/schema';
import { createStaffSession, hashToken } from '@/lib/auth/staff-sessions';
import { generateTotpSecret } from '@/lib/auth/totp';
import { testDb } from '@/test/db';
import { stallParcel } from '@/test/delay-factories';
import { createOrder } from '@/test/factories';
import { createStaff } from '@/test/staff-factories';

const jar = new Map<string, string>();
vi.mock('next/headers', () => ({
  cookies: async () => ({
    get: (name: string) => (jar.has(name) ? { name, value: jar.get(name)! } : undefined),
    set: (name: string, value: string) => void jar.set(name, value),
    delete: (name: string) => void jar.delete(name),
  }),
  headers: async () => new Headers({ 'x-paluu-client-ip': '203.0.113.9', 'user-agent': 'vitest' }),
}));
vi.mock('next/cache', () => ({ revalidatePath: () => undefined }));

const db = testDb();
type Who = 'anonymous' | 'expired' | 'agent' | 'admin';
const tokens = {} as Record<Who, string | null>;
let incidentId: string;

beforeAll(async () => {
  const { inject } = await import('vitest');
  process.env.DATABASE_URL = inject('databaseUrl');
  const agent = await createStaff(db, { role: 'agent' });
  const admin = await createStaff(db, { role: 'admin', totpSecret: generateTotpSecret() });
  tokens.anonymous = null;
  tokens.agent = (await createStaffSession(db, { staffId: agent.id, twoFactorVerified: false })).token;
  tokens.admin = (await createStaffSession(db, { staffId: admin.id, twoFactorVerified: true })).token;
  const expired = (await createStaffSession(db, { staffId: agent.id, twoFactorVerified: false })).token;
  await db.update(staffSessions).set({ lastSeenAt: new Date(Date.now() - 31 * 60_000) }).where(eq(staffSessions.tokenHash, hashToken(expired)));
  tokens.expired = expired;
  const order = await createOrder(db, 'fi');
  const shipmentId = await stallParcel(db, order);
  incidentId = (await db.insert(delayIncidents).values({ orderId: order.id, shipmentId, kind: 'stalled_in_transit' }).returning({ id: delayIncidents.id }))[0]!.id;
});

const as = (who: Who) => {
  jar.clear();
  if (tokens[who]) jar.set('paluu_staff', tokens[who]!);
};

async function state() {
  const [incident] = await db.select({ dismissedAt: delayIncidents.dismissedAt }).from(delayIncidents).where(eq(delayIncidents.id, incidentId));
  const sent = await db.select({ id: notices.id }).from(notices).where(eq(notices.incidentId, incidentId));
  const [policy] = await db.select({ value: settings.value }).from(settings).where(eq(settings.key, 'delays'));
  return { dismissed: incident!.dismissedAt !== null, notices: sent.length, policy: JSON.stringify(policy?.value ?? null) };
}

describe('Delays actions check the session', () => {
  for (const who of ['anonymous', 'expired'] as const) {
    it(`${who}: every action answers unauthorized and changes nothing`, async () => {
      as(who);
      const before = await state();
      const a = await import('./actions');
      expect(await a.sendNoticesAction({ incidentIds: [incidentId] })).toMatchObject({ ok: false, code: 'unauthorized' });
      expect(await a.sendGroupAction({ kind: 'stalled_in_transit', carrier: 'matkahuolto', area: '00' })).toMatchObject({ ok: false, code: 'unauthorized' });
      expect(await a.dismissIncidentsAction({ incidentIds: [incidentId] })).toMatchObject({ ok: false, code: 'unauthorized' });
      expect(await a.setSendPolicyAction({ sendPolicy: { eta_breached: 'manual' } })).toMatchObject({ ok: false, code: 'unauthorized' });
      expect(await state()).toEqual(before);
    });
  }

  it('an agent may not change the send policy', async () => {
    as('agent');
    const before = await state();
    const { setSendPolicyAction } = await import('./actions');
    expect(await setSendPolicyAction({ sendPolicy: { eta_breached: 'manual' } })).toMatchObject({ ok: false, code: 'forbidden' });
    expect(await state()).toEqual(before);
  });

  it('bad input is refused with a field error and changes nothing', async () => {
    as('agent');
    const before = await state();
    const { dismissIncidentsAction, sendNoticesAction } = await import('./actions');
    expect(await dismissIncidentsAction({ incidentIds: [] })).toMatchObject({ ok: false, code: 'invalid_input', fieldErrors: { incidentIds: ['selectSome'] } });
    expect(await sendNoticesAction({ incidentIds: ['not-a-uuid'] })).toMatchObject({ ok: false, code: 'invalid_input' });
    expect(await state()).toEqual(before);
  });

  it('an agent dismisses; an admin saves the policy (unchanged values, audited)', async () => {
    as('agent');
    const { dismissIncidentsAction, setSendPolicyAction } = await import('./actions');
    expect(await dismissIncidentsAction({ incidentIds: [incidentId] })).toMatchObject({ ok: true, done: 'dismissed', values: { count: 1 } });
    expect((await state()).dismissed).toBe(true);
    as('admin');
    const { readDelaySettings } = await import('@/lib/delays/settings');
    const current = await readDelaySettings(db);
    expect(await setSendPolicyAction({ sendPolicy: current.sendPolicy })).toMatchObject({ ok: true, done: 'policySaved' });
  });
});
