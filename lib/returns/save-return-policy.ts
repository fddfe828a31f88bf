import { eq } from 'drizzle-orm';
import { returnPolicies } from '@/db/schema';
import type { Ctx } from '@/lib/core/actor';
import { recordSettingChange } from '@/lib/settings/save-setting';
import { returnPolicyInputSchema, toPolicyRules } from './policy-schemas';
import { authorize } from '@/lib/core/authorize';

/** The audit key of return policy changes (the overview's "who changed what"). */
export const RETURN_POLICY_SETTING = 'returnPolicy';

/**
 * Saves the edited policy as a new version: the active one is deactivated and the new one becomes
 * active in one transaction, audited with the rules before and after. Old versions stay as history
 * (returns decided under them keep their own amounts). The partial unique index on `is_active`
 * guarantees at most one active version, so the engine's read is deterministic.
 */
export async function saveReturnPolicy(ctx: Ctx, input: unknown): Promise<{ id: string }> {
  authorize(ctx.actor, 'settings.manage');
  const actor = ctx.actor;
  const parsed = returnPolicyInputSchema.parse(input);
  const rules = toPolicyRules(parsed);
  return ctx.db.transaction(async (tx) => {
    const [before] = await tx.select().from(returnPolicies).where(eq(returnPolicies.isActive, true)).for('update');
    // Deactivate first: the unique index admits one active row at a time.
    await tx.update(returnPolicies).set({ isActive: false }).where(eq(returnPolicies.isActive, true));
    const [row] = await tx
      .insert(returnPolicies)
      .values({ name: parsed.name, isActive: true, ...rules })
      .returning({ id: returnPolicies.id });
    const audit = (p: typeof before) =>
      p
        ? { id: p.id, name: p.name, windowDays: p.windowDays, finalSaleReturnable: p.finalSaleReturnable, feesByMarket: p.feesByMarket, reasons: p.reasons, exchangeBonusPercent: p.exchangeBonusPercent, maxOpenReturnsPerOrder: p.maxOpenReturnsPerOrder, shipExchangeNow: p.shipExchangeNow, shipNowChargeAfterDays: p.shipNowChargeAfterDays, shipNowMaxOrderValue: p.shipNowMaxOrderValue }
        : null;
    await recordSettingChange(tx, actor, RETURN_POLICY_SETTING, audit(before), { id: row!.id, name: parsed.name, ...rules });
    return { id: row!.id };
  });
}
