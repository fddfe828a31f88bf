import { z } from 'zod';

/** Euros as typed by a person: `12`, `12.5`, `12,50`. Messages are catalog keys under `goodwill.errors`. */
export const euroAmountSchema = z
  .string()
  .trim()
  .regex(/^\d{1,6}([.,]\d{1,2})?$/, 'amountFormat');

export function toMinorUnits(amount: string): number {
  const [whole, fraction = ''] = amount.trim().replace(',', '.').split('.');
  return Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
}

export const goodwillKinds = ['discount_code', 'free_shipping', 'refund', 'partial_refund', 'store_credit', 'reship'] as const;
export type GoodwillKind = (typeof goodwillKinds)[number];
/** Kinds whose value the order decides (shipping cost, reshipped goods): no amount field. */
export const derivedAmountKinds: readonly GoodwillKind[] = ['free_shipping', 'refund', 'reship'];

export const goodwillSchema = z
  .object({
    caseId: z.uuid(),
    kind: z.enum(goodwillKinds),
    amount: z.string().trim().max(12).default(''),
    reason: z.string().trim().min(3, 'reasonRequired').max(1000, 'reasonTooLong'),
  })
  .superRefine((value, ctx) => {
    if (derivedAmountKinds.includes(value.kind)) return;
    const parsed = euroAmountSchema.safeParse(value.amount);
    if (!parsed.success || toMinorUnits(value.amount) <= 0) ctx.addIssue({ code: 'custom', path: ['amount'], message: 'amountFormat' });
  });
export type GoodwillInput = z.input<typeof goodwillSchema>;

export const approveCompensationSchema = z.object({ compensationId: z.uuid() });
export const rejectCompensationSchema = z.object({
  compensationId: z.uuid(),
  reason: z.string().trim().min(3, 'reasonRequired').max(1000, 'reasonTooLong'),
});
export type RejectCompensationInput = z.input<typeof rejectCompensationSchema>;
