import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { cases, compensations, returns } from '@/db/schema';
import type { Ctx } from '@/lib/core/actor';
import { createStaffSession, resolveStaffSession, STAFF_ABSOLUTE_SECONDS, STAFF_IDLE_SECONDS } from '@/lib/auth/staff-sessions';
import { approveCompensation, rejectCompensation } from '@/lib/compensations/approve-compensation';
import { grantGoodwill } from '@/lib/compensations/grant-goodwill';
import { AppError } from '@/lib/errors';
import { resendCsatSurvey } from '@/lib/csat/resend-csat-survey';
import { testDb } from '@/test/db';
import { createStaff } from '@/test/staff-factories';
import { createDeliveryCase, createRequestedReturn } from '@/test/staff2-factories';
import { approveReturn } from './approve-return';
import { completeReturn } from './complete-return';
import { confirmReceiving } from './confirm-receiving';
import { inspectReturn } from './inspect-return';
import { receiveReturn } from './receive-return';
import { rejectReturn } from './reject-return';
import { retryReturnLabel } from './retry-return-label';

const db = testDb();

/** What every staff server action does first (requireStaff → staffCtx), from a session cookie value. */
async function ctxFromCookie(token: string | undefined, now = new Date()): Promise<Ctx> {
  const session = await resolveStaffSession(db, token, now);
  if (!session || session.stage !== 'active') throw new AppError('unauthorized');
  return { db, actor: { type: 'staff', staffId: session.user.id, role: session.user.role } };
}

type Who = 'anonymous' | 'expired' | 'idle' | 'customer' | 'agent' | 'admin';
async function ctxFor(who: Who): Promise<() => Promise<Ctx>> {
  if (who === 'anonymous') return () => ctxFromCookie(undefined);
  if (who === 'customer') {
    const { orderId } = await createDeliveryCase(db);
    return async () => ({ db, actor: { type: 'customer', orderId } });
  }
  const staff = await createStaff(db, { role: who === 'admin' ? 'admin' : 'agent' });
  if (who === 'expired' || who === 'idle') {
    const ago = who === 'expired' ? STAFF_ABSOLUTE_SECONDS + 60 : STAFF_IDLE_SECONDS + 60;
    const { token } = await createStaffSession(db, { staffId: staff.id, twoFactorVerified: true, now: new Date(Date.now() - ago * 1000) });
    return () => ctxFromCookie(token);
  }
  const { token } = await createStaffSession(db, { staffId: staff.id, twoFactorVerified: true });
  return () => ctxFromCookie(token);
}

async function outcome(run: () => Promise<unknown>): Promise<string> {
  try {
    await run();
    return 'ok';
  } catch (error) {
    return (error as { code?: string }).code ?? 'error';
  }
}

/** Each action on fresh rows of its own, in the state the action needs. */
const actions: Record<string, { run: (ctx: () => Promise<Ctx>) => Promise<string>; agent: string }> = {
  approveReturn: { agent: 'ok', run: async (c) => { const r = await createRequestedReturn(db); return outcome(async () => approveReturn(await c(), { returnId: r.returnId })); } },
  rejectReturn: { agent: 'ok', run: async (c) => { const r = await createRequestedReturn(db); return outcome(async () => rejectReturn(await c(), { returnId: r.returnId, internalReason: 'Worn', customerMessage: 'Sorry, used items.' })); } },
  retryReturnLabel: {
    agent: 'ok',
    run: async (c) => {
      const r = await createRequestedReturn(db);
      await db.update(returns).set({ status: 'approved' }).where(eq(returns.id, r.returnId));
      return outcome(async () => retryReturnLabel(await c(), { returnId: r.returnId }));
    },
  },
  receiveReturn: {
    agent: 'ok',
    run: async (c) => {
      const r = await createRequestedReturn(db);
      await db.update(returns).set({ status: 'label_issued' }).where(eq(returns.id, r.returnId));
      return outcome(async () => receiveReturn(await c(), { returnId: r.returnId, items: [{ returnItemId: r.items[0]!.id, quantity: 1 }] }));
    },
  },
  inspectReturn: {
    agent: 'ok',
    run: async (c) => {
      const r = await createRequestedReturn(db);
      await db.update(returns).set({ status: 'received' }).where(eq(returns.id, r.returnId));
      return outcome(async () => inspectReturn(await c(), { returnId: r.returnId, items: [{ returnItemId: r.items[0]!.id, grade: 'missing', restock: false }] }));
    },
  },
  completeReturn: {
    agent: 'ok',
    run: async (c) => {
      const r = await createRequestedReturn(db);
      await db.update(returns).set({ status: 'inspected' }).where(eq(returns.id, r.returnId));
      // Nothing was received: a zero refund, which needs a reason.
      return outcome(async () => completeReturn(await c(), { returnId: r.returnId, refundAmount: '', note: 'Nothing arrived' }));
    },
  },
  confirmReceiving: {
    agent: 'ok',
    run: async (c) => {
      const r = await createRequestedReturn(db);
      await db.update(returns).set({ status: 'label_issued' }).where(eq(returns.id, r.returnId));
      return outcome(async () =>
        confirmReceiving(await c(), { returnId: r.returnId, step: 'receive', items: [{ returnItemId: r.items[0]!.id, quantity: 1, grade: 'as_new', restock: true }] }),
      );
    },
  },
  grantGoodwill: { agent: 'ok', run: async (c) => { const k = await createDeliveryCase(db); return outcome(async () => grantGoodwill(await c(), { caseId: k.caseId, kind: 'discount_code', amount: '5', reason: 'Late parcel' })); } },
  approveCompensation: {
    agent: 'forbidden',
    run: async (c) => {
      const k = await createDeliveryCase(db);
      const [comp] = await db.insert(compensations).values({ caseId: k.caseId, orderId: k.orderId, kind: 'store_credit', status: 'pending_approval', amount: 9000, currency: 'EUR' }).returning();
      return outcome(async () => approveCompensation(await c(), { compensationId: comp!.id }));
    },
  },
  rejectCompensation: {
    agent: 'forbidden',
    run: async (c) => {
      const k = await createDeliveryCase(db);
      const [comp] = await db.insert(compensations).values({ caseId: k.caseId, orderId: k.orderId, kind: 'store_credit', status: 'pending_approval', amount: 9000, currency: 'EUR' }).returning();
      return outcome(async () => rejectCompensation(await c(), { compensationId: comp!.id, reason: 'Too much' }));
    },
  },
  resendCsatSurvey: {
    agent: 'ok',
    run: async (c) => {
      const k = await createDeliveryCase(db);
      await db.update(cases).set({ status: 'resolved' }).where(eq(cases.id, k.caseId));
      return outcome(async () => resendCsatSurvey(await c(), { caseId: k.caseId }));
    },
  },
};

// No session → unauthorized (401). A customer is authenticated but holds no staff permission → forbidden,
// the same answer every other staff use case gives (one authorize() since issue #13).
const expected = (who: Who, action: keyof typeof actions) =>
  who === 'admin' ? 'ok' : who === 'agent' ? actions[action]!.agent : who === 'customer' ? 'forbidden' : 'unauthorized';

describe('authorization matrix: every staff action of return processing, goodwill, approvals and CSAT', () => {
  const rows = (['anonymous', 'expired', 'idle', 'customer', 'agent', 'admin'] as const).flatMap((who) =>
    Object.keys(actions).map((action) => [action, who, expected(who, action)] as const),
  );
  it.each(rows)('%s as %s → %s', async (action, who, want) => {
    const ctx = await ctxFor(who);
    expect(await actions[action]!.run(ctx)).toBe(want);
  });
});
