/**
 * Authorization matrix: every staff server action and route handler, called as anonymous, with an
 * unfinished login (password done, two-factor not), with an expired session, as an agent and as an
 * admin. The real actions run against the real database; only the request's cookie jar is faked.
 */
import { eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { caseMessages, cases, staffSessions } from '@/db/schema';
import { createStaffSession, hashToken } from '@/lib/auth/staff-sessions';
import { generateTotpSecret } from '@/lib/auth/totp';
import { testDb } from '@/test/db';
import { createCase, createStaff } from '@/test/staff-factories';

const jar = new Map<string, string>();
vi.mock('next/headers', () => ({
  cookies: async () => ({
    get: (name: string) => (jar.has(name) ? { name, value: jar.get(name)! } : undefined),
    set: (name: string, value: string) => void jar.set(name, value),
    delete: (name: string) => void jar.delete(name),
  }),
  headers: async () => new Headers({ 'x-paluu-client-ip': '203.0.113.7', 'user-agent': 'vitest' }),
}));

const db = testDb();

type Who = 'anonymous' | 'pending_two_factor' | 'expired' | 'agent' | 'admin';
const tokens = {} as Record<Who, string | null>;

async function as(who: Who) {
  jar.clear();
  if (tokens[who]) jar.set('paluu_staff', tokens[who]!);
}

let caseId: string;
let staffIds: string[] = [];
const version = () => db.select({ v: cases.version }).from(cases).where(eq(cases.id, caseId)).then((r) => r[0]!.v);

beforeAll(async () => {
  // The app code under test uses the shared pool; point it at the test database.
  const { inject } = await import('vitest');
  process.env.DATABASE_URL = inject('databaseUrl');
  const agent = await createStaff(db, { role: 'agent' });
  const admin = await createStaff(db, { role: 'admin', totpSecret: generateTotpSecret() });
  staffIds = [agent.id, admin.id];
  tokens.anonymous = null;
  tokens.agent = (await createStaffSession(db, { staffId: agent.id, twoFactorVerified: false })).token;
  tokens.admin = (await createStaffSession(db, { staffId: admin.id, twoFactorVerified: true })).token;
  tokens.pending_two_factor = (await createStaffSession(db, { staffId: admin.id, twoFactorVerified: false })).token;
  const expired = (await createStaffSession(db, { staffId: agent.id, twoFactorVerified: false })).token;
  await db
    .update(staffSessions)
    .set({ lastSeenAt: new Date(Date.now() - 31 * 60_000) })
    .where(eq(staffSessions.tokenHash, hashToken(expired)));
  tokens.expired = expired;
  caseId = (await createCase(db)).id;
});

type Outcome = 'ok' | 'unauthorized';
const expected: Record<Who, Outcome> = { anonymous: 'unauthorized', pending_two_factor: 'unauthorized', expired: 'unauthorized', agent: 'ok', admin: 'ok' };
const whos = Object.keys(expected) as Who[];

/** Every staff entry point, reduced to ok / the error code it answered with. */
const entryPoints: Record<string, () => Promise<string>> = {
  updateCaseAction: async () => {
    const { updateCaseAction } = await import('./actions');
    const r = await updateCaseAction({ caseId, version: await version(), priority: Math.random() > 0.5 ? 'high' : 'low' });
    return r.ok ? 'ok' : r.code;
  },
  assignCaseAction: async () => {
    const { assignCaseAction } = await import('./actions');
    const r = await assignCaseAction({ caseId, version: await version(), assigneeId: null });
    return r.ok ? 'ok' : r.code;
  },
  replyAction: async () => {
    const { replyAction } = await import('./actions');
    const r = await replyAction({ caseId, body: 'A reply' });
    return r.ok ? 'ok' : r.code;
  },
  addNoteAction: async () => {
    const { addNoteAction } = await import('./actions');
    const r = await addNoteAction({ caseId, body: 'A note' });
    return r.ok ? 'ok' : r.code;
  },
  bulkAction: async () => {
    const { bulkAction } = await import('./actions');
    const r = await bulkAction({ caseIds: [caseId], action: { kind: 'tag', tag: 'matrix' } });
    return r.ok ? 'ok' : r.code;
  },
  startEnrolmentAction: async () => {
    // Only a signed-in account without two-factor (or an admin's enrol stage) may start enrolment.
    const { startEnrolmentAction } = await import('./auth-actions');
    const r = await startEnrolmentAction();
    return r.ok ? 'ok' : r.code;
  },
  'GET /staff/api/queue': async () => {
    const { GET } = await import('./api/queue/route');
    const res = await GET(new Request('http://test/staff/api/queue?view=open'));
    return res.status === 200 ? 'ok' : ((await res.json()) as { error: { code: string } }).error.code;
  },
  'GET /staff/photos/{id}': async () => {
    const { GET } = await import('./photos/[id]/route');
    const res = await GET(new Request('http://test/'), { params: Promise.resolve({ id: '00000000-0000-4000-8000-000000000000' }) });
    // Signed in, the photo simply does not exist; anonymous never learns that.
    const code = ((await res.json()) as { error: { code: string } }).error.code;
    return code === 'not_found' ? 'ok' : code;
  },
};

describe('staff authorization matrix', () => {
  for (const [name, call] of Object.entries(entryPoints)) {
    for (const who of whos) {
      // The admin in this matrix already has two-factor: enrolment is for accounts without it.
      const want = name === 'startEnrolmentAction' && who === 'admin' ? 'unauthorized' : expected[who];
      it(`${name} as ${who} → ${want}`, async () => {
        await as(who);
        const before = await db.select({ count: caseMessages.id }).from(caseMessages).where(eq(caseMessages.caseId, caseId));
        const outcome = await call();
        expect(outcome).toBe(want);
        if (want !== 'ok') {
          const after = await db.select({ count: caseMessages.id }).from(caseMessages).where(eq(caseMessages.caseId, caseId));
          expect(after.length).toBe(before.length);
        }
      });
    }
  }

  it('data functions refuse a non-staff actor', async () => {
    const { listQueue } = await import('@/lib/cases/queue');
    const { getCaseDetail } = await import('@/lib/cases/case-detail');
    const { listOutbox } = await import('@/lib/outbox/staff-outbox');
    const { updateCase } = await import('@/lib/cases/update-case');
    const customer = { db, actor: { type: 'customer' as const, orderId: caseId } };
    await expect(listQueue(customer, { view: 'open' })).rejects.toMatchObject({ code: 'forbidden' });
    await expect(getCaseDetail(customer, caseId)).rejects.toMatchObject({ code: 'forbidden' });
    await expect(listOutbox(customer, {})).rejects.toMatchObject({ code: 'forbidden' });
    await expect(updateCase(customer, { caseId, version: 1, status: 'closed' })).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('requireStaff({ role: "admin" }) refuses an agent and admits an admin', async () => {
    const { requireStaff } = await import('@/lib/auth/staff-session');
    await as('agent');
    await expect(requireStaff({ role: 'admin' })).rejects.toMatchObject({ code: 'forbidden' });
    await as('admin');
    await expect(requireStaff({ role: 'admin' })).resolves.toMatchObject({ role: 'admin' });
    await as('expired');
    await expect(requireStaff()).rejects.toMatchObject({ code: 'unauthorized' });
  });
});

describe('data protection (admin only): retention, export, erasure', () => {
  const adminOnly: Record<Who, string> = { anonymous: 'unauthorized', pending_two_factor: 'unauthorized', expired: 'unauthorized', agent: 'forbidden', admin: 'ok' };
  const email = () => `nobody-${Math.random().toString(36).slice(2)}@privacy.example`;
  const privacyActions: Record<string, () => Promise<string>> = {
    saveRetentionAction: async () => {
      const { saveRetentionAction } = await import('./settings/privacy/actions');
      const r = await saveRetentionAction({});
      return r.ok ? 'ok' : r.code;
    },
    exportCustomerAction: async () => {
      const { exportCustomerAction } = await import('./settings/privacy/actions');
      const r = await exportCustomerAction({ email: email() });
      return r.ok ? 'ok' : r.code;
    },
    eraseCustomerAction: async () => {
      const { eraseCustomerAction } = await import('./settings/privacy/actions');
      const address = email();
      const r = await eraseCustomerAction({ email: address, confirmEmail: address });
      return r.ok ? 'ok' : r.code;
    },
  };
  for (const [name, call] of Object.entries(privacyActions)) {
    for (const who of whos) {
      it(`${name} as ${who} → ${adminOnly[who]}`, async () => {
        await as(who);
        // Audit rows by the matrix's own staff: a refused call writes none, an allowed one writes one.
        const audited = async () =>
          (
            await db.execute<{ n: number }>(
              sql`select count(*)::int as n from case_events where (type like 'privacy.%' or type = 'settings.changed') and actor_id in (${staffIds[0]!}, ${staffIds[1]!})`,
            )
          )[0]!.n;
        const before = await audited();
        expect(await call()).toBe(adminOnly[who]);
        expect(await audited()).toBe(adminOnly[who] === 'ok' ? before + 1 : before);
      });
    }
  }
});

describe('staff pages redirect to the login without a finished session', () => {
  const pages: Record<string, () => Promise<unknown>> = {
    '/staff': async () => (await import('./page')).default({ searchParams: Promise.resolve({}) }),
    '/staff/cases/{id}': async () => (await import('./cases/[id]/page')).default({ params: Promise.resolve({ id: caseId }) }),
    '/staff/outbox': async () => (await import('./outbox/page')).default({ searchParams: Promise.resolve({}) }),
    '/staff/outbox/{id}': async () => (await import('./outbox/[id]/page')).default({ params: Promise.resolve({ id: '00000000-0000-4000-8000-000000000000' }) }),
    '/staff/settings/privacy': async () => (await import('./settings/privacy/page')).default(),
  };
  for (const [name, render] of Object.entries(pages)) {
    for (const who of ['anonymous', 'pending_two_factor', 'expired'] as const) {
      it(`${name} as ${who} → redirect to /staff/login`, async () => {
        await as(who);
        const error = await render().then(
          () => null,
          (e: unknown) => e as { digest?: string },
        );
        expect(error?.digest).toMatch(/^NEXT_REDIRECT;.*;\/staff\/login;/);
      });
    }
  }
});
