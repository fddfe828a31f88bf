import 'server-only';
import { asc, desc, eq, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { DbOrTx } from '@/db';
import { preparedQuery } from '@/db/prepared';
import { cases, compensationPlatformCodes, compensations, orders, platformIntegrations, staffUsers } from '@/db/schema';
import { agentLimit, readLimitFacts } from './limits';
import { roleCan } from '@/lib/core/authorize';

/** A compensation's code on the shop's platform (lib/platforms/platform-codes.ts): under way, created, or refused (staff act). */
export type PlatformCodeView = { status: 'pending' | 'created' | 'failed'; platform: string; error: string | null };

/** The case page's goodwill panel reads them on every view: prepared once (db/prepared.ts). */
const compensationsOfCase = preparedQuery((db) =>
  db
    .select({
      id: compensations.id,
      kind: compensations.kind,
      status: compensations.status,
      amount: compensations.amount,
      currency: compensations.currency,
      code: compensations.code,
      shipmentId: compensations.shipmentId,
      reason: compensations.reason,
      rejectionReason: compensations.rejectionReason,
      createdAt: compensations.createdAt,
      platformStatus: compensationPlatformCodes.status,
      platformError: compensationPlatformCodes.lastError,
      platform: platformIntegrations.platform,
    })
    .from(compensations)
    .leftJoin(compensationPlatformCodes, eq(compensationPlatformCodes.compensationId, compensations.id))
    .leftJoin(platformIntegrations, eq(platformIntegrations.id, compensationPlatformCodes.integrationId))
    .where(eq(compensations.caseId, sql.placeholder('caseId')))
    .orderBy(desc(compensations.createdAt))
    .prepare('case_compensations'),
);

/** Compensations of one case, newest first, for the goodwill panel; with their code's state on the platform, if any. */
export async function caseCompensations(db: DbOrTx, caseId: string) {
  const rows = await compensationsOfCase(db).execute({ caseId });
  return rows.map(({ platformStatus, platformError, platform, ...c }) => ({
    ...c,
    platformCode: platformStatus && platform ? ({ status: platformStatus as PlatformCodeView['status'], platform, error: platformStatus === 'failed' ? platformError : null } satisfies PlatformCodeView) : null,
  }));
}

/**
 * The signed-in agent's limit on this order (null for admins: no limit), what agents have already
 * granted on it without an admin, and what is left before a grant waits for approval.
 */
export async function limitForOrder(
  db: DbOrTx,
  staff: { staffId: string; role: 'agent' | 'admin' },
  orderId: string,
): Promise<{ limit: number | null; granted: number; left: number | null; currency: string } | null> {
  const facts = await readLimitFacts(db, staff.staffId, orderId);
  if (!facts) return null;
  const { granted, currency } = facts;
  if (roleCan(staff.role, 'compensations.unlimited')) return { limit: null, granted, left: null, currency };
  const limit = agentLimit({ settings: facts.settings, override: facts.override, orderCaptured: facts.captured });
  return { limit, granted, left: Math.max(0, limit - granted), currency };
}

const requester = alias(staffUsers, 'requester');

/** The admins' approval queue, oldest first (uses the partial index on pending rows). */
export async function pendingApprovals(db: DbOrTx) {
  return db
    .select({
      id: compensations.id,
      kind: compensations.kind,
      amount: compensations.amount,
      currency: compensations.currency,
      reason: compensations.reason,
      createdAt: compensations.createdAt,
      caseId: cases.id,
      caseNumber: cases.number,
      orderNumber: orders.orderNumber,
      requestedBy: requester.name,
    })
    .from(compensations)
    .innerJoin(orders, eq(orders.id, compensations.orderId))
    .leftJoin(cases, eq(cases.id, compensations.caseId))
    .leftJoin(requester, eq(requester.id, compensations.requestedByStaffId))
    .where(eq(compensations.status, 'pending_approval'))
    .orderBy(asc(compensations.createdAt))
    .limit(200);
}
