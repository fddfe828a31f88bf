/**
 * Authorization matrix: every staff server action and route handler, called as anonymous, with an
 * unfinished login (password done, two-factor not), with an expired session, as an agent and as an
 * admin. The real actions run against the real database; only the request's cookie jar is faked.
 */
import { eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { apiKeys, caseEvents, caseMessages, cases, delayIncidents, notices, settings, staffSessions, staffUsers } from '@/db/schema';
import { createStaffSession, hashToken } from '@/lib/auth/staff-sessions';
import { generateTotpSecret } from '@/lib/auth/totp';
import { testDb } from '@/test/db';
import { stallParcel } from '@/test/delay-factories';
import { createOrder } from '@/test/factories';
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

// Server actions refresh their pages; outside a request there is nothing to revalidate.
vi.mock('next/cache', () => ({ revalidatePath: () => undefined }));

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
  revokeTrackingLinksAction: async () => {
    const { revokeTrackingLinksAction } = await import('./cases/[id]/_components/revoke-links-action');
    const r = await revokeTrackingLinksAction({ caseId });
    // Signed in, the matrix's case simply has no order to revoke links of; anonymous never gets that far.
    return r.ok || (r.ok === false && r.code === 'invalid_state') ? 'ok' : r.ok === false ? r.code : 'no result';
  },
  dismissParcelBookingAction: async () => {
    const { dismissParcelBookingAction } = await import('./cases/[id]/_components/actions');
    const r = await dismissParcelBookingAction({ shipmentId: crypto.randomUUID() });
    // Signed in, there is no such parcel to close a booking of; anonymous never gets that far.
    return r.ok || (r.ok === false && r.code === 'not_found') ? 'ok' : r.ok === false ? r.code : 'no result';
  },
  startEnrolmentAction: async () => {
    // Only a signed-in account without two-factor (or an admin's enrol stage) may start enrolment.
    const { startEnrolmentAction } = await import('./auth-actions');
    const r = await startEnrolmentAction();
    return r.ok ? 'ok' : r.code;
  },
  typingAction: async () => {
    const { typingAction } = await import('./actions');
    const r = await typingAction({ caseId, typing: true });
    return r.ok ? 'ok' : r.code;
  },
  'GET /staff/api/live': async () => {
    const { GET } = await import('./api/live/route');
    const abort = new AbortController();
    const res = await GET(new Request(`http://test/staff/api/live?case=${caseId}`, { signal: abort.signal }));
    if (res.status !== 200) return ((await res.json()) as { error: { code: string } }).error.code;
    // Signed in: an event stream that says who is on the case, then ready.
    const reader = res.body!.getReader();
    let text = '';
    while (!text.includes('event: ready')) {
      const { value, done } = await reader.read();
      if (done) break;
      text += new TextDecoder().decode(value);
    }
    abort.abort();
    await reader.cancel();
    return res.headers.get('content-type')?.startsWith('text/event-stream') && text.includes('event: presence') && text.includes('event: ready') ? 'ok' : `not a stream: ${text}`;
  },
  'GET /staff/api/queue': async () => {
    const { GET } = await import('./api/queue/route');
    const res = await GET(new Request('http://test/staff/api/queue?view=open'));
    return res.status === 200 ? 'ok' : ((await res.json()) as { error: { code: string } }).error.code;
  },
  'GET /staff/reports/{report}/csv': async () => {
    const { GET } = await import('./reports/[report]/csv/route');
    const res = await GET(new Request('http://test/staff/reports/returns/csv?range=7d&table=byMarket'), { params: Promise.resolve({ report: 'returns' }) });
    if (res.status !== 200) return ((await res.json()) as { error: { code: string } }).error.code;
    const bytes = new Uint8Array(await res.arrayBuffer());
    return res.headers.get('content-type') === 'text/csv; charset=utf-8' && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 'ok' : 'not a CSV';
  },
  refreshReportsAction: async () => {
    const { refreshReportsAction } = await import('./reports/actions');
    const r = await refreshReportsAction({ range: '7d' });
    return r.ok === true ? 'ok' : r.ok === false ? r.code : 'no result';
  },
  'GET /staff/photos/{id}': async () => {
    const { GET } = await import('./photos/[id]/route');
    const res = await GET(new Request('http://test/'), { params: Promise.resolve({ id: '00000000-0000-4000-8000-000000000000' }) });
    // Signed in, the photo simply does not exist; anonymous never learns that.
    const code = ((await res.json()) as { error: { code: string } }).error.code;
    return code === 'not_found' ? 'ok' : code;
  },
  'GET /staff/attachments/{id}': async () => {
    const { GET } = await import('./attachments/[id]/route');
    const res = await GET(new Request('http://test/'), { params: Promise.resolve({ id: '00000000-0000-4000-8000-000000000000' }) });
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

/**
 * Settings (admin only): agents are refused with `forbidden`, sessions that are not finished with
 * `unauthorized`. The admin's calls get past authorization and stop at validation, so this matrix
 * never changes the settings parallel tests read.
 */
describe('settings authorization matrix', () => {
  const bad = { name: '' };
  const settingsEntryPoints: Record<string, { call: () => Promise<{ ok: boolean; code?: string }>; admin: string }> = {
    saveReturnPolicyAction: { call: async () => (await import('./settings/actions')).saveReturnPolicyAction(bad), admin: 'invalid_input' },
    previewReturnPolicyAction: { call: async () => (await import('./settings/actions')).previewReturnPolicyAction({ policy: bad, orderNumber: 'X' }), admin: 'invalid_input' },
    saveBrandingAction: { call: async () => (await import('./settings/actions')).saveBrandingAction({ ...bad, accentColor: '#ffffff' }), admin: 'invalid_input' },
    uploadLogoAction: {
      call: async () => {
        const form = new FormData();
        form.set('logo', new Blob(['<svg xmlns="http://www.w3.org/2000/svg"/>'], { type: 'image/svg+xml' }), 'logo.svg');
        return (await import('./settings/actions')).uploadLogoAction(form);
      },
      admin: 'invalid_input',
    },
    saveEmailTemplatesAction: { call: async () => (await import('./settings/actions')).saveEmailTemplatesAction({ locale: 'fi', kind: 'return', texts: { 'returnEmail.approved.subject': '' } }), admin: 'invalid_input' },
    resetEmailTemplateAction: { call: async () => (await import('./settings/actions')).resetEmailTemplateAction({ locale: 'xx', key: 'returnEmail.button' }), admin: 'invalid_input' },
  };
  const want: Record<Who, string | null> = { anonymous: 'unauthorized', pending_two_factor: 'unauthorized', expired: 'unauthorized', agent: 'forbidden', admin: null };
  for (const [name, entry] of Object.entries(settingsEntryPoints)) {
    for (const who of whos) {
      const expectedOutcome = want[who] ?? entry.admin;
      it(`${name} as ${who} → ${expectedOutcome}`, async () => {
        await as(who);
        const before = await db.select().from(settings);
        const r = await entry.call();
        expect(r.ok ? 'ok' : r.code).toBe(expectedOutcome);
        if (who !== 'admin') expect(await db.select().from(settings)).toEqual(before);
      });
    }
  }

  it('settings pages send an agent to the desk and a visitor to the login', async () => {
    const pages = [
      () => import('./settings/page'),
      () => import('./settings/returns/page'),
      () => import('./settings/branding/page'),
      () => import('./settings/sla/page'),
      () => import('./settings/carriers/page'),
      () => import('./settings/staff/page'),
      () => import('./settings/api-keys/page'),
      () => import('./settings/webhooks/page'),
    ];
    for (const load of pages) {
      const render = async () => (await load()).default();
      await as('agent');
      expect(await render().then(() => null, (e: { digest?: string }) => e.digest)).toMatch(/^NEXT_REDIRECT;.*;\/staff\?denied=settings;/);
      await as('anonymous');
      expect(await render().then(() => null, (e: { digest?: string }) => e.digest)).toMatch(/^NEXT_REDIRECT;.*;\/staff\/login;/);
    }
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
    '/staff/reports': async () => (await import('./reports/page')).default(),
    '/staff/reports/{report}': async () => (await import('./reports/[report]/page')).default({ params: Promise.resolve({ report: 'csat' }), searchParams: Promise.resolve({}) }),
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

/**
 * Admin settings (issue 7): every action refuses anonymous and unfinished sessions (unauthorized)
 * and agents (forbidden) before it reads its input, and changes nothing then. Actions whose success
 * would change shop-wide rows other test files rely on (SLA, carriers, delays) get an invalid input
 * as admin: `invalid_input` proves the admin got past authorization; lib/staff-admin tests cover
 * their success inside rolled-back transactions.
 */
describe('admin settings authorization matrix', () => {
  type AdminOutcome = 'ok' | 'invalid_input' | 'invalid_state' | 'unauthorized' | 'forbidden';
  const refused: Record<Exclude<Who, 'admin'>, AdminOutcome> = { anonymous: 'unauthorized', pending_two_factor: 'unauthorized', expired: 'unauthorized', agent: 'forbidden' };
  let target: { id: string };
  let keyPrefix: string;
  const outcome = (r: { ok: boolean | null; code?: string }) => (r.ok ? 'ok' : (r as { code: string }).code);

  beforeAll(async () => {
    target = await createStaff(db, { role: 'agent' });
    const { createApiKey } = await import('@/lib/api-keys/create-api-key');
    keyPrefix = (await createApiKey({ db, actor: { type: 'system' } }, { name: 'matrix key', scopes: ['orders:read'] })).prefix;
  });

  const adminEntryPoints: Record<string, { admin: AdminOutcome; call: () => Promise<string> }> = {
    inviteStaffAction: {
      admin: 'ok',
      call: async () => outcome(await (await import('./settings/staff/actions')).inviteStaffAction({ name: 'Matrix Invitee', email: `${crypto.randomUUID()}@invite.example`, role: 'agent' })),
    },
    changeStaffRoleAction: {
      admin: 'ok',
      call: async () => outcome(await (await import('./settings/staff/actions')).changeStaffRoleAction({ staffId: target.id, role: 'agent' })),
    },
    disableStaffAction: { admin: 'ok', call: async () => outcome(await (await import('./settings/staff/actions')).disableStaffAction({ staffId: target.id })) },
    enableStaffAction: { admin: 'ok', call: async () => outcome(await (await import('./settings/staff/actions')).enableStaffAction({ staffId: target.id })) },
    resetStaffTwoFactorAction: { admin: 'ok', call: async () => outcome(await (await import('./settings/staff/actions')).resetStaffTwoFactorAction({ staffId: target.id })) },
    resendInviteAction: {
      // The target never had an invitation: the admin gets past authorization to the state check.
      admin: 'invalid_state',
      call: async () => outcome(await (await import('./settings/staff/actions')).resendInviteAction({ staffId: target.id })),
    },
    createApiKeyAction: { admin: 'ok', call: async () => outcome(await (await import('./settings/api-keys/actions')).createApiKeyAction({ name: 'matrix', scopes: ['orders:read'] })) },
    revokeApiKeyAction: { admin: 'ok', call: async () => outcome(await (await import('./settings/api-keys/actions')).revokeApiKeyAction({ prefix: keyPrefix })) },
    createWebhookEndpointAction: {
      admin: 'ok',
      call: async () => outcome(await (await import('./settings/webhooks/actions')).createWebhookEndpointAction({ url: 'https://erp.example.com/matrix', events: ['order.upserted'] })),
    },
    updateWebhookEndpointAction: { admin: 'invalid_input', call: async () => outcome(await (await import('./settings/webhooks/actions')).updateWebhookEndpointAction({ id: 'nope', enabled: false })) },
    deleteWebhookEndpointAction: { admin: 'invalid_input', call: async () => outcome(await (await import('./settings/webhooks/actions')).deleteWebhookEndpointAction({ id: 'nope' })) },
    rotateEndpointSecretAction: { admin: 'invalid_input', call: async () => outcome(await (await import('./settings/webhooks/actions')).rotateEndpointSecretAction({ id: 'nope' })) },
    sendTestWebhookAction: { admin: 'invalid_input', call: async () => outcome(await (await import('./settings/webhooks/actions')).sendTestWebhookAction({ id: 'nope' })) },
    resendWebhookDeliveryAction: {
      admin: 'invalid_input',
      call: async () => outcome(await (await import('./settings/webhooks/actions')).resendWebhookDeliveryAction({ id: 'nope', deliveryId: 'nope' })),
    },
    saveSlaAction: {
      admin: 'invalid_input',
      call: async () => outcome(await (await import('./settings/sla/actions')).saveSlaAction({ firstResponseHours: -1 } as never)),
    },
    saveCarrierConnectionAction: {
      admin: 'invalid_input',
      call: async () => outcome(await (await import('./settings/carriers/actions')).saveCarrierConnectionAction({ carrier: 'nope' } as never)),
    },
    setCarrierSecretAction: {
      admin: 'invalid_input',
      call: async () => outcome(await (await import('./settings/carriers/actions')).setCarrierSecretAction({ carrier: 'dhl', field: 'webhookSecret', value: 'short' })),
    },
    rotateWebhookSecretAction: { admin: 'invalid_input', call: async () => outcome(await (await import('./settings/carriers/actions')).rotateWebhookSecretAction({ carrier: 'nope' })) },
    endWebhookRotationAction: { admin: 'invalid_input', call: async () => outcome(await (await import('./settings/carriers/actions')).endWebhookRotationAction({ carrier: 'nope' })) },
    saveDelayThresholdsAction: {
      admin: 'invalid_input',
      call: async () => outcome(await (await import('./settings/carriers/actions')).saveDelayThresholdsAction({ kinds: {} } as never)),
    },
    saveRuleAction: {
      admin: 'invalid_input',
      call: async () => outcome(await (await import('./settings/automation/actions')).saveRuleAction({ name: '', trigger: 'case_opened', conditions: {}, actions: {} }, null)),
    },
    setAgentRoutingAction: {
      admin: 'invalid_input',
      call: async () => outcome(await (await import('./settings/automation/actions')).setAgentRoutingAction({ staffId: target.id, languages: ['xx' as never], capacity: 3 })),
    },
  };

  const targetRow = () => db.select({ role: staffUsers.role, disabledAt: staffUsers.disabledAt }).from(staffUsers).where(eq(staffUsers.id, target.id)).then((r) => r[0]!);
  const auditCount = () => db.select({ id: caseEvents.id }).from(caseEvents).where(eq(caseEvents.actorId, target.id)).then((r) => r.length);

  for (const [name, entry] of Object.entries(adminEntryPoints)) {
    for (const who of whos) {
      const want = who === 'admin' ? entry.admin : refused[who];
      it(`${name} as ${who} → ${want}`, async () => {
        await as(who);
        const before = await targetRow();
        const keysBefore = await db.select({ id: apiKeys.id }).from(apiKeys);
        expect(await entry.call()).toBe(want);
        if (who !== 'admin') {
          // Refused: the target account and the key table are exactly as they were.
          expect(await targetRow()).toEqual(before);
          expect((await db.select({ id: apiKeys.id }).from(apiKeys)).length).toBe(keysBefore.length);
          expect(await auditCount()).toBe(0);
        }
      });
    }
  }

});

describe('Delays actions check the session', () => {
  let incidentId: string;
  beforeAll(async () => {
    const order = await createOrder(db, 'fi');
    const shipmentId = await stallParcel(db, order);
    incidentId = (await db.insert(delayIncidents).values({ orderId: order.id, shipmentId, kind: 'stalled_in_transit' }).returning({ id: delayIncidents.id }))[0]!.id;
  });
  async function state() {
    const [incident] = await db.select({ dismissedAt: delayIncidents.dismissedAt }).from(delayIncidents).where(eq(delayIncidents.id, incidentId));
    const sent = await db.select({ id: notices.id }).from(notices).where(eq(notices.incidentId, incidentId));
    const [policy] = await db.select({ value: settings.value }).from(settings).where(eq(settings.key, 'delays'));
    return { dismissed: incident!.dismissedAt !== null, notices: sent.length, policy: JSON.stringify(policy?.value ?? null) };
  }

  for (const who of ['anonymous', 'expired'] as const) {
    it(`${who}: every action answers unauthorized and changes nothing`, async () => {
      await as(who);
      const before = await state();
      const a = await import('./delays/actions');
      expect(await a.sendNoticesAction({ incidentIds: [incidentId] })).toMatchObject({ ok: false, code: 'unauthorized' });
      expect(await a.sendGroupAction({ kind: 'stalled_in_transit', carrier: 'matkahuolto', area: '00' })).toMatchObject({ ok: false, code: 'unauthorized' });
      expect(await a.dismissIncidentsAction({ incidentIds: [incidentId] })).toMatchObject({ ok: false, code: 'unauthorized' });
      expect(await a.setSendPolicyAction({ sendPolicy: { eta_breached: 'manual' } })).toMatchObject({ ok: false, code: 'unauthorized' });
      expect(await state()).toEqual(before);
    });
  }

  it('an agent may not change the send policy', async () => {
    await as('agent');
    const before = await state();
    const { setSendPolicyAction } = await import('./delays/actions');
    expect(await setSendPolicyAction({ sendPolicy: { eta_breached: 'manual' } })).toMatchObject({ ok: false, code: 'forbidden' });
    expect(await state()).toEqual(before);
  });

  it('bad input is refused with a field error and changes nothing', async () => {
    await as('agent');
    const before = await state();
    const { dismissIncidentsAction, sendNoticesAction } = await import('./delays/actions');
    expect(await dismissIncidentsAction({ incidentIds: [] })).toMatchObject({ ok: false, code: 'invalid_input', fieldErrors: { incidentIds: ['selectSome'] } });
    expect(await sendNoticesAction({ incidentIds: ['not-a-uuid'] })).toMatchObject({ ok: false, code: 'invalid_input' });
    expect(await state()).toEqual(before);
  });

  it('an agent dismisses; an admin saves the policy (unchanged values, audited)', async () => {
    await as('agent');
    const { dismissIncidentsAction, setSendPolicyAction } = await import('./delays/actions');
    expect(await dismissIncidentsAction({ incidentIds: [incidentId] })).toMatchObject({ ok: true, done: 'dismissed', values: { count: 1 } });
    expect((await state()).dismissed).toBe(true);
    await as('admin');
    const { readDelaySettings } = await import('@/lib/delays/settings');
    const current = await readDelaySettings(db);
    expect(await setSendPolicyAction({ sendPolicy: current.sendPolicy })).toMatchObject({ ok: true, done: 'policySaved' });
  });
});
