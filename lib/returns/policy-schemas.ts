import { z } from 'zod';
import type { MarketFees, ReturnReasonNode } from '@/db/schema/returns';
import { locales } from '@/lib/core/locales';
import type { PolicyRules, Resolution } from './policy';

/**
 * The return policy editor's form, its server action and the use case share this schema. Messages
 * are catalog keys under `staffSettings.errors`, so the admin sees them in their own language.
 * The reason tree travels as a flat list (groups and leaves, a leaf names its group), which is what
 * the form edits; `toPolicyRules` turns it back into the tree the engine reads.
 */
export const policyResolutions = ['refund', 'store_credit', 'exchange'] as const satisfies readonly Resolution[];

const int = (min: number, max: number) => z.number({ error: 'number' }).int('number').min(min, 'range').max(max, 'range');

export const policyReasonSchema = z.object({
  code: z.string().trim().regex(/^[a-z][a-z0-9_]{0,63}$/, 'reasonCode'),
  /** '' = top level; otherwise the code of a group on the top level. */
  parent: z.string().trim().max(64),
  group: z.boolean(),
  labels: z.object(Object.fromEntries(locales.map((l) => [l, z.string().trim().max(100, 'tooLong')])) as Record<(typeof locales)[number], z.ZodString>),
  photoRequired: z.boolean(),
  feeWaived: z.boolean(),
  autoApprove: z.boolean(),
  resolutions: z.array(z.enum(policyResolutions)),
  /** Percent off the proposed refund of an item returned for this reason and graded damaged (0 = none). */
  damagedDeductionPercent: int(0, 100).default(0),
});
export type PolicyReasonInput = z.infer<typeof policyReasonSchema>;

export const policyFeeSchema = z.object({
  market: z.string().trim().toUpperCase().regex(/^[A-Z]{2}$/, 'market'),
  /** Major units (4.95), as the admin types them; stored in minor units. */
  amount: z.number({ error: 'number' }).min(0, 'range').max(1000, 'range'),
  currency: z.string().trim().toUpperCase().regex(/^[A-Z]{3}$/, 'currency'),
});

export const returnPolicyInputSchema = z
  .object({
    name: z.string().trim().min(1, 'required').max(100, 'tooLong'),
    windowDays: int(0, 365),
    finalSaleReturnable: z.boolean(),
    exchangeBonusPercent: int(0, 100),
    maxOpenReturnsPerOrder: int(1, 50),
    /** "Instant exchange" (ship the exchange item before the return arrives). */
    shipExchangeNow: z.boolean().default(false),
    shipNowChargeAfterDays: int(1, 90).default(14),
    /** Major units as typed; null/empty = no limit. */
    shipNowMaxOrderValue: z.number({ error: 'number' }).min(0, 'range').max(1_000_000, 'range').nullable().default(null),
    fees: z.array(policyFeeSchema).max(50),
    reasons: z.array(policyReasonSchema).max(100),
  })
  .superRefine((value, ctx) => {
    const markets = new Set<string>();
    value.fees.forEach((fee, i) => {
      if (markets.has(fee.market)) ctx.addIssue({ code: 'custom', path: ['fees', i, 'market'], message: 'duplicateMarket' });
      markets.add(fee.market);
    });
    const codes = new Set<string>();
    const groups = new Set(value.reasons.filter((r) => r.group && !r.parent).map((r) => r.code));
    let leaves = 0;
    value.reasons.forEach((reason, i) => {
      if (codes.has(reason.code)) ctx.addIssue({ code: 'custom', path: ['reasons', i, 'code'], message: 'duplicateCode' });
      codes.add(reason.code);
      if (!reason.labels.en && !reason.labels.fi) ctx.addIssue({ code: 'custom', path: ['reasons', i, 'labels', 'en'], message: 'labelRequired' });
      if (reason.group && reason.parent) ctx.addIssue({ code: 'custom', path: ['reasons', i, 'parent'], message: 'groupNested' });
      if (reason.parent && !groups.has(reason.parent)) ctx.addIssue({ code: 'custom', path: ['reasons', i, 'parent'], message: 'unknownGroup' });
      if (!reason.group) {
        leaves += 1;
        if (reason.resolutions.length === 0) ctx.addIssue({ code: 'custom', path: ['reasons', i, 'resolutions'], message: 'resolutionRequired' });
      }
    });
    if (leaves === 0) ctx.addIssue({ code: 'custom', path: ['reasons'], message: 'reasonRequired' });
    value.reasons.forEach((reason, i) => {
      if (reason.group && !value.reasons.some((r) => r.parent === reason.code)) ctx.addIssue({ code: 'custom', path: ['reasons', i, 'group'], message: 'emptyGroup' });
    });
  });

export type ReturnPolicyForm = z.input<typeof returnPolicyInputSchema>;
export type ReturnPolicyInput = z.output<typeof returnPolicyInputSchema>;

function labelsOf(labels: PolicyReasonInput['labels']): ReturnReasonNode['labels'] {
  return Object.fromEntries(Object.entries(labels).filter(([, v]) => v.length > 0));
}

function nodeOf(reason: PolicyReasonInput, children?: ReturnReasonNode[]): ReturnReasonNode {
  if (children) return { code: reason.code, labels: labelsOf(reason.labels), children };
  return {
    code: reason.code,
    labels: labelsOf(reason.labels),
    photoRequired: reason.photoRequired,
    feeWaived: reason.feeWaived,
    autoApprove: reason.autoApprove,
    resolutions: policyResolutions.filter((r) => reason.resolutions.includes(r)),
    ...(reason.damagedDeductionPercent > 0 ? { damagedDeductionPercent: reason.damagedDeductionPercent } : {}),
  };
}

/** The validated form as the rules the engine applies (fees in minor units, reasons as a tree). */
export function toPolicyRules(input: ReturnPolicyInput): PolicyRules {
  const feesByMarket: MarketFees = Object.fromEntries(input.fees.map((f) => [f.market, { amount: Math.round(f.amount * 100), currency: f.currency }]));
  const reasons = input.reasons
    .filter((r) => !r.parent)
    .map((r) => (r.group ? nodeOf(r, input.reasons.filter((c) => c.parent === r.code).map((c) => nodeOf(c))) : nodeOf(r)));
  return {
    windowDays: input.windowDays,
    finalSaleReturnable: input.finalSaleReturnable,
    feesByMarket,
    reasons,
    exchangeBonusPercent: input.exchangeBonusPercent,
    maxOpenReturnsPerOrder: input.maxOpenReturnsPerOrder,
    shipExchangeNow: input.shipExchangeNow,
    shipNowChargeAfterDays: input.shipNowChargeAfterDays,
    shipNowMaxOrderValue: input.shipNowMaxOrderValue === null ? null : Math.round(input.shipNowMaxOrderValue * 100),
  };
}

const emptyLabels = () => Object.fromEntries(locales.map((l) => [l, ''])) as PolicyReasonInput['labels'];

function flatten(nodes: ReturnReasonNode[], parent: string): PolicyReasonInput[] {
  return nodes.flatMap((node) => {
    const group = Boolean(node.children?.length) && parent === '';
    const row: PolicyReasonInput = {
      code: node.code,
      parent,
      group,
      labels: { ...emptyLabels(), ...node.labels } as PolicyReasonInput['labels'],
      photoRequired: node.photoRequired ?? false,
      feeWaived: node.feeWaived ?? false,
      autoApprove: node.autoApprove ?? false,
      resolutions: node.resolutions?.length ? [...node.resolutions] : ['refund'],
      damagedDeductionPercent: node.damagedDeductionPercent ?? 0,
    };
    // Deeper trees than one level of groups are flattened into the nearest group.
    return group ? [row, ...flatten(node.children!, node.code)] : node.children?.length ? flatten(node.children, parent) : [row];
  });
}

/** The stored policy as the editor's form values. */
export function toPolicyForm(name: string, rules: PolicyRules): ReturnPolicyInput {
  return {
    name,
    windowDays: rules.windowDays,
    finalSaleReturnable: rules.finalSaleReturnable,
    exchangeBonusPercent: rules.exchangeBonusPercent,
    maxOpenReturnsPerOrder: rules.maxOpenReturnsPerOrder,
    shipExchangeNow: rules.shipExchangeNow,
    shipNowChargeAfterDays: rules.shipNowChargeAfterDays,
    shipNowMaxOrderValue: rules.shipNowMaxOrderValue === null ? null : rules.shipNowMaxOrderValue / 100,
    fees: Object.entries(rules.feesByMarket)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([market, fee]) => ({ market, amount: fee.amount / 100, currency: fee.currency })),
    reasons: flatten(rules.reasons, ''),
  };
}

export function emptyReason(): PolicyReasonInput {
  return { code: '', parent: '', group: false, labels: emptyLabels(), photoRequired: false, feeWaived: false, autoApprove: false, resolutions: ['refund'], damagedDeductionPercent: 0 };
}

export const policyPreviewSchema = z.object({
  orderNumber: z.string().trim().min(1, 'required').max(64, 'tooLong'),
});
