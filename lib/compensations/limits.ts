import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { DbOrTx } from '@/db';
import { settings, staffUsers } from '@/db/schema';

/** Shop setting `compensation`: what an agent may grant without an admin (minor units / percent). */
export const compensationSettingsSchema = z.object({
  agentLimitAmount: z.number().int().min(0).default(5000),
  agentLimitPercent: z.number().min(0).max(100).default(30),
});
export type CompensationSettings = z.infer<typeof compensationSettingsSchema>;

export async function getCompensationSettings(db: DbOrTx): Promise<CompensationSettings> {
  const [row] = await db.select({ value: settings.value }).from(settings).where(eq(settings.key, 'compensation'));
  const parsed = compensationSettingsSchema.safeParse(row?.value ?? {});
  return parsed.success ? parsed.data : compensationSettingsSchema.parse({});
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

/** Admins grant without a limit; an agent within the limit too; above it waits for an admin. */
export async function needsApproval(db: DbOrTx, actor: { staffId: string; role: 'agent' | 'admin' }, amount: number, orderCaptured: number): Promise<boolean> {
  if (actor.role === 'admin') return false;
  const [staff] = await db.select({ override: staffUsers.compensationLimit }).from(staffUsers).where(eq(staffUsers.id, actor.staffId));
  const limit = agentLimit({ settings: await getCompensationSettings(db), override: staff?.override ?? null, orderCaptured });
  return amount > limit;
}
