import 'server-only';
import { eq } from 'drizzle-orm';
import type { Db } from '@/db';
import { returnPolicies, type ReturnReasonNode } from '@/db/schema';
import type { Locale } from '@/lib/i18n/locales';

export type PublicPolicyDto = {
  windowDays: number;
  finalSaleReturnable: boolean;
  fees: Array<{ market: string; amount: number; currency: string }>;
  reasons: string[];
};

function leafLabels(nodes: ReturnReasonNode[], locale: Locale): string[] {
  return nodes.flatMap((node) =>
    node.children?.length ? leafLabels(node.children, locale) : [node.labels[locale] ?? node.labels.en ?? node.code],
  );
}

/** The shop's active return policy as the public policy page explains it. */
export async function getPublicPolicy(db: Db, locale: Locale): Promise<PublicPolicyDto | null> {
  const [policy] = await db.select().from(returnPolicies).where(eq(returnPolicies.isActive, true)).limit(1);
  if (!policy) return null;
  return {
    windowDays: policy.windowDays,
    finalSaleReturnable: policy.finalSaleReturnable,
    fees: Object.entries(policy.feesByMarket)
      .map(([market, fee]) => ({ market, amount: fee.amount, currency: fee.currency }))
      .sort((a, b) => a.market.localeCompare(b.market)),
    reasons: leafLabels(policy.reasons, locale),
  };
}
