import { and, eq, inArray, isNull, ne, type Placeholder, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { DbOrTx, Tx } from '@/db';
import { compensations, orders, settings, staffUsers } from '@/db/schema';
import { preparedQuery } from '@/db/prepared';
import { roleCan } from '@/lib/core/authorize';

/** Shop setting `compensation`: what an agent may grant without an admin (minor units / percent). */
export const compensationSettingsSchema = z.object({
  agentLimitAmount: z.number().int().min(0).default(5000),
  agentLimitPercent: z.number().min(0).max(100).default(30),
});
export type CompensationSettings = z.infer<typeof compensationSettingsSchema>;

function parseCompensationSettings(value: unknown): CompensationSettings {
  const parsed = compensationSettingsSchema.safeParse(value ?? {});
  return parsed.success ? parsed.data : compensationSettingsSchema.parse({});
}

export async function getCompensationSettings(db: DbOrTx): Promise<CompensationSettings> {
  const [row] = await db.select({ value: settings.value }).from(settings).where(eq(settings.key, 'compensation'));
  return parseCompensationSettings(row?.value);
}

/**
 * The agent's limit for one order: the fixed amount (the agent's own override, else the shop's)
 * or the percentage of the order's captured amount, whichever is lower.
 */
export function agentLimit(input: { settings: CompensationSettings; override: number | null; orderCaptured: number }): number {
  const fixed = input.override ?? input.settings.agentLimitAmount;
  const share = Math.floor((input.orderCaptured * input.settings.agentLimitPercent) / 100);
  return Math.min(fixed, share);
}

/**
 * What people below admin have granted on an order without an admin: every compensation (refund,
 * partial refund, goodwill code, free shipping, store credit, reship) that went out or waits to go out
 * on an agent's own say — requested by an agent and never approved by an admin, or released by an
 * agent. Admin-approved ones, the customer's own delay remedy and a return's settlement (what the
 * return policy entitles the customer to) are not the agent's discretion and do not count.
 */
export async function grantedByAgents(db: DbOrTx, orderId: string): Promise<number> {
  const [row] = await grantedByAgentsQuery(db, orderId);
  return row?.total ?? 0;
}

function grantedByAgentsQuery(db: DbOrTx, orderId: string | Placeholder) {
  return db
    .select({ total: sql<number>`coalesce(sum(${compensations.amount}), 0)::int` })
    .from(compensations)
    .innerJoin(staffUsers, eq(staffUsers.id, sql`coalesce(${compensations.approvedByStaffId}, ${compensations.requestedByStaffId})`))
    .where(and(eq(compensations.orderId, orderId), inArray(compensations.status, ['approved', 'issued']), isNull(compensations.returnId), ne(staffUsers.role, 'admin')));
}

/** The case page's goodwill panel reads it on every view: prepared once (db/prepared.ts). */
const limitFacts = preparedQuery((db) => {
  const orderId = sql.placeholder('orderId');
  return db
    .select({
      captured: orders.capturedAmount,
      currency: orders.currency,
      granted: sql<number>`(${grantedByAgentsQuery(db, orderId)})`.mapWith(Number),
      override: sql<number | null>`(${db.select({ limit: staffUsers.compensationLimit }).from(staffUsers).where(eq(staffUsers.id, sql.placeholder('staffId')))})`,
      settings: sql<unknown>`(${db.select({ value: settings.value }).from(settings).where(eq(settings.key, 'compensation'))})`,
    })
    .from(orders)
    .where(eq(orders.id, orderId))
    .prepare('limit_facts');
});

/**
 * Everything an agent's limit on one order rests on — the order's captured amount and currency, what
 * agents granted on it, the agent's own override and the shop's setting — in one statement (the case
 * page reads it on every render; four round trips were four statements' worth of socket writes).
 * Null when the order does not exist.
 */
export async function readLimitFacts(db: DbOrTx, staffId: string, orderId: string) {
  const [row] = await limitFacts(db).execute({ staffId, orderId });
  if (!row) return null;
  return { captured: row.captured, currency: row.currency, granted: row.granted, override: row.override === null ? null : Number(row.override), settings: parseCompensationSettings(row.settings) };
}

/**
 * Admins grant without a limit. For an agent the limit covers the total granted on the order by
 * people below admin (this grant included), so seven grants of 49.99 € do not slip under a 50 € limit
 * one by one; above it the grant waits for an admin. Locks the order row for the rest of the caller's
 * transaction first: two agents granting on one order at the same moment are served one after the
 * other, and the second sees the first one's grant.
 */
export async function needsApproval(tx: Tx, actor: { staffId: string; role: 'agent' | 'admin' }, amount: number, orderId: string): Promise<boolean> {
  if (roleCan(actor.role, 'compensations.unlimited')) return false;
  const [order] = await tx.select({ captured: orders.capturedAmount }).from(orders).where(eq(orders.id, orderId)).for('update');
  const [staff] = await tx.select({ override: staffUsers.compensationLimit }).from(staffUsers).where(eq(staffUsers.id, actor.staffId));
  const limit = agentLimit({ settings: await getCompensationSettings(tx), override: staff?.override ?? null, orderCaptured: order?.captured ?? 0 });
  return (await grantedByAgents(tx, orderId)) + amount > limit;
}
