import 'server-only';
import { desc, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db';
import { caseEvents, returnPolicies, staffUsers } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import { reasonLeaves } from '@/lib/returns/policy';
import { readEmailTemplateOverrides } from './email-templates';
import { SETTINGS_CHANGED } from './save-setting';
import { readShopSettings, type ShopSettings } from './shop-settings';
import { authorize } from '@/lib/core/authorize';

export type SettingsAuditDto = { id: number; at: string; key: string; staffName: string | null; changed: string[] };

export type SettingsOverviewDto = {
  shop: ShopSettings;
  policy: { name: string; since: string; windowDays: number; markets: number; reasons: number; bonusPercent: number } | null;
  emailOverrides: number;
  audit: SettingsAuditDto[];
};

/** Top-level fields whose value differs between before and after (what the audit log names). */
export function changedFields(before: unknown, after: unknown): string[] {
  if (!before || !after || typeof before !== 'object' || typeof after !== 'object') return [];
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...keys].filter((k) => k !== 'id' && JSON.stringify((before as Record<string, unknown>)[k]) !== JSON.stringify((after as Record<string, unknown>)[k])).sort();
}

/** Recent settings changes: who changed which key when, newest first. */
export async function listSettingsAudit(db: DbOrTx, limit = 20): Promise<SettingsAuditDto[]> {
  const rows = await db
    .select({ id: caseEvents.id, at: caseEvents.createdAt, data: caseEvents.data, staffName: staffUsers.name })
    .from(caseEvents)
    .leftJoin(staffUsers, sql`${caseEvents.actorType} = 'staff' and ${staffUsers.id}::text = ${caseEvents.actorId}`)
    .where(eq(caseEvents.type, SETTINGS_CHANGED))
    .orderBy(desc(caseEvents.id))
    .limit(limit);
  return rows.map((r) => ({
    id: r.id,
    at: r.at.toISOString(),
    key: String(r.data.key ?? ''),
    staffName: r.staffName,
    changed: changedFields(r.data.before, r.data.after),
  }));
}

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
