import 'server-only';
import { eq } from 'drizzle-orm';
import type { DbOrTx } from '@/db';
import { returnPolicies } from '@/db/schema';
import type { Actor } from '@/lib/core/actor';
import { authorize } from '@/lib/core/authorize';
import { reasonLeaves } from '@/lib/returns/policy';
import { readEmailTemplateOverrides } from '@/lib/settings/email-templates';
import { listSettingsAudit, type SettingsAuditDto } from '@/lib/settings/queries';
import { readShopSettings, type ShopSettings } from '@/lib/settings/shop-settings';

/*
 * The settings overview reads every section, the return policy included, so it sits above lib/settings and
 * lib/returns (it used to live in lib/settings/queries.ts and made settings import returns; issue #13).
 */

export type SettingsOverviewDto = {
  shop: ShopSettings;
  policy: { name: string; since: string; windowDays: number; markets: number; reasons: number; bonusPercent: number } | null;
  emailOverrides: number;
  audit: SettingsAuditDto[];
};

/** Top-level fields whose value differs between before and after (what the audit log names). */
/** What each settings section currently says, for the overview page. Admin only. */
export async function getSettingsOverview(ctx: { db: DbOrTx; actor: Actor }): Promise<SettingsOverviewDto> {
  authorize(ctx.actor, 'settings.manage');
  const [shop, [policy], overrides, audit] = await Promise.all([
    readShopSettings(ctx.db),
    ctx.db.select().from(returnPolicies).where(eq(returnPolicies.isActive, true)),
    readEmailTemplateOverrides(ctx.db),
    listSettingsAudit(ctx.db),
  ]);
  return {
    shop,
    policy: policy
      ? {
          name: policy.name,
          since: policy.createdAt.toISOString(),
          windowDays: policy.windowDays,
          markets: Object.keys(policy.feesByMarket).length,
          reasons: reasonLeaves(policy.reasons).length,
          bonusPercent: policy.exchangeBonusPercent,
        }
      : null,
    emailOverrides: Object.values(overrides).reduce<number>((n, texts) => n + Object.keys(texts ?? {}).length, 0),
    audit,
  };
}
