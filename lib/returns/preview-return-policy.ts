import { sql } from 'drizzle-orm';
import { orders } from '@/db/schema';
import type { Ctx } from '@/lib/core/actor';
import { AppError } from '@/lib/errors';
import { type Locale } from '@/lib/core/locales';
import { normalizeOrderNumber } from '@/lib/core/order-number';
import { lineEligibility, marketFee, orderRefusal, type PolicyRules, reasonLabel, reasonLeaves, type Refusal, type Resolution } from './policy';
import { policyPreviewSchema, returnPolicyInputSchema, toPolicyRules } from './policy-schemas';
import { countOpenReturns, loadPolicyLines, type PolicyLineRow } from './queries';
import { authorize } from '@/lib/core/authorize';

export type PolicyPreviewLine = {
  title: string;
  options: Record<string, string>;
  quantity: number;
  returnableQuantity: number;
  deadline: string | null;
  refusal: Refusal | null;
};

export type PolicyPreviewReason = { code: string; label: string; photoRequired: boolean; feeWaived: boolean; autoApprove: boolean; resolutions: Resolution[] };

export type PolicyPreviewDto = {
  orderNumber: string;
  market: string;
  currency: string;
  marketFee: number;
  bonusPercent: number;
  orderRefusal: Refusal | null;
  lines: PolicyPreviewLine[];
  reasons: PolicyPreviewReason[];
};

/**
 * What a policy allows for one order, line by line — the same engine calls the customer's wizard
 * makes (`lineEligibility`, `orderRefusal`, `marketFee`), so the preview cannot drift from it.
 */
export function policyPreview(
  policy: PolicyRules,
  order: { orderNumber: string; market: string; currency: string; canceled: boolean; openReturns: number },
  lines: PolicyLineRow[],
  now: Date,
  timeZone: string,
  locale: Locale,
): PolicyPreviewDto {
  return {
    orderNumber: order.orderNumber,
    market: order.market,
    currency: order.currency,
    marketFee: marketFee(policy, order.market, order.currency),
    bonusPercent: policy.exchangeBonusPercent,
    orderRefusal: orderRefusal(policy, order),
    lines: lines.map((line) => {
      const e = lineEligibility(policy, line, now, timeZone);
      return {
        title: line.title,
        options: line.options,
        quantity: line.quantity,
        returnableQuantity: e.eligible ? e.returnableQuantity : 0,
        deadline: e.deadline,
        refusal: e.eligible ? null : e.refusal,
      };
    }),
    reasons: reasonLeaves(policy.reasons).map((leaf) => ({
      code: leaf.code,
      label: reasonLabel(leaf, locale),
      photoRequired: leaf.photoRequired,
      feeWaived: leaf.feeWaived,
      autoApprove: leaf.autoApprove,
      resolutions: leaf.resolutions,
    })),
  };
}

/** Runs the draft policy (not saved) against a real order. Admin only; reads nothing personal beyond the lines. */
export async function previewReturnPolicy(
  ctx: Ctx,
  input: { policy: unknown; orderNumber: unknown },
  options: { timeZone: string; locale: Locale; now?: Date },
): Promise<PolicyPreviewDto> {
  authorize(ctx.actor, 'settings.manage');
  const policy = toPolicyRules(returnPolicyInputSchema.parse(input.policy));
  const { orderNumber } = policyPreviewSchema.parse({ orderNumber: input.orderNumber });
  const [order] = await ctx.db.select().from(orders).where(sql`upper(${orders.orderNumber}) = ${normalizeOrderNumber(orderNumber)}`).limit(1);
  if (!order) throw new AppError('not_found', 'No such order.');
  const [lines, openReturns] = await Promise.all([loadPolicyLines(ctx.db, order.id), countOpenReturns(ctx.db, order.id)]);
  return policyPreview(
    policy,
    { orderNumber: order.orderNumber, market: order.market, currency: order.currency, canceled: order.canceledAt !== null, openReturns },
    lines,
    options.now ?? new Date(),
    options.timeZone,
    options.locale,
  );
}
