import { describe, expect, it } from 'vitest';
import type { Actor } from './actor';
import { authorize, can, rolePermissions, type StaffPermission } from './authorize';
import { AppError } from './errors';

const agent: Actor = { type: 'staff', staffId: 'a1', role: 'agent' };
const admin: Actor = { type: 'staff', staffId: 'a2', role: 'admin' };
const others: Actor[] = [
  { type: 'customer', orderId: 'o1' },
  { type: 'merchant_api', apiKeyId: 'k1', scopes: ['orders:read', 'returns:read'] },
  { type: 'carrier', carrier: 'posti' },
  { type: 'system' },
];

/** What agents could do before the one table (the five guard shapes of issue #13), written out by hand; plus retrying a failed refund (issue #15). */
const AGENT_CAN: StaffPermission[] = ['cases.work', 'returns.process', 'compensations.grant', 'csat.resend', 'delays.read', 'outbox.read', 'reports.read', 'trackingLinks.revoke', 'refunds.retry'];
const ADMIN_ONLY: StaffPermission[] = [
  'compensations.approve',
  'compensations.unlimited',
  'delays.policy',
  'outbox.readStaffMail',
  'payouts.manage',
  'privacy.manage',
  'settings.manage',
  'staff.manage',
];

function refusal(run: () => unknown): { code: string; message: string } | null {
  try {
    run();
    return null;
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    return { code: error.code, message: error.message };
  }
}

describe('authorize(actor, permission): one role → permission table', () => {
  it('agents keep exactly the desk; admins hold everything agents hold plus the admin-only permissions', () => {
    expect([...rolePermissions.agent].sort()).toEqual([...AGENT_CAN].sort());
    expect([...rolePermissions.admin].sort()).toEqual([...AGENT_CAN, ...ADMIN_ONLY].sort());
    for (const permission of AGENT_CAN) {
      expect(authorize(agent, permission)).toBe(agent);
      expect(authorize(admin, permission)).toBe(admin);
    }
    for (const permission of ADMIN_ONLY) {
      expect(refusal(() => authorize(agent, permission))?.code).toBe('forbidden');
      expect(authorize(admin, permission)).toBe(admin);
    }
  });

  it('customers, API keys, carriers and the worker hold no staff permission', () => {
    for (const actor of others) {
      for (const permission of [...AGENT_CAN, ...ADMIN_ONLY]) {
        expect(can(actor, permission)).toBe(false);
        expect(refusal(() => authorize(actor, permission))?.code).toBe('forbidden');
      }
    }
  });

  it('an API key holds the scopes it carries, and the refusal names the missing scope', () => {
    const key = others[1]!;
    expect(authorize(key, 'api:orders:read')).toBe(key);
    expect(refusal(() => authorize(key, 'api:orders:write'))).toEqual({ code: 'forbidden', message: 'This API key lacks the scope orders:write.' });
    // A staff admin is not an API key.
    expect(can(admin, 'api:orders:read')).toBe(false);
  });
});
