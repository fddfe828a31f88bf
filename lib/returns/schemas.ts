import { z } from 'zod';
import { returnCarriers, returnMethods } from './methods';

/**
 * The return wizard's form, its server action and the benchmark share this schema. Error
 * messages are catalog keys under `returnWizard.errors`, so the form shows them in the
 * customer's language. Every line of the order is in `items`; only `selected` ones are sent
 * back as a return (the form keeps the others so Back never loses input).
 */
export const wizardResolutions = ['refund', 'store_credit', 'exchange_variant', 'exchange_product'] as const;
export type WizardResolution = (typeof wizardResolutions)[number];

export const returnItemSchema = z.object({
  orderLineId: z.uuid(),
  selected: z.boolean(),
  quantity: z.coerce.number<number>().int('quantity').min(1, 'quantity').max(999, 'quantity'),
  reasonCode: z.string().max(64),
  comment: z.string().trim().max(1000, 'commentTooLong'),
  photoIds: z.array(z.uuid()).max(5, 'tooManyPhotos'),
  resolution: z.union([z.enum(wizardResolutions), z.literal('')]),
  exchangeVariantId: z.union([z.uuid(), z.literal('')]),
});

export const returnRequestSchema = z
  .object({
    orderNumber: z.string().trim().min(1).max(64),
    /** Generated when the wizard opens: a double submit creates one return. */
    idempotencyKey: z.uuid(),
    items: z.array(returnItemSchema).min(1).max(200),
    method: z.union([z.enum(returnMethods), z.literal('')]),
    carrier: z.union([z.enum(returnCarriers), z.literal('')]),
    /** "Send my new item now": the exchange ships before the return arrives (where the policy offers it). */
    shipNow: z.boolean().default(false),
    /**
     * Where a bank-transfer refund goes (orders paid by invoice, BNPL or bank transfer). Checked by
     * lib/payouts/iban.ts `checkRefundAccount` when the order needs it; errors under `refundAccount.errors`.
     */
    refundAccount: z.object({ holder: z.string().max(200), iban: z.string().max(64), bic: z.string().max(20) }).optional(),
  })
  .superRefine((value, ctx) => {
    if (!value.items.some((item) => item.selected)) ctx.addIssue({ code: 'custom', path: ['items'], message: 'selectItem' });
    value.items.forEach((item, index) => {
      if (!item.selected) return;
      if (!item.reasonCode) ctx.addIssue({ code: 'custom', path: ['items', index, 'reasonCode'], message: 'reasonRequired' });
      if (!item.resolution) ctx.addIssue({ code: 'custom', path: ['items', index, 'resolution'], message: 'resolutionRequired' });
      if ((item.resolution === 'exchange_variant' || item.resolution === 'exchange_product') && !item.exchangeVariantId) {
        ctx.addIssue({ code: 'custom', path: ['items', index, 'exchangeVariantId'], message: 'variantRequired' });
      }
    });
    if (!value.method) ctx.addIssue({ code: 'custom', path: ['method'], message: 'methodRequired' });
    if (!value.carrier) ctx.addIssue({ code: 'custom', path: ['carrier'], message: 'carrierRequired' });
  });

export type ReturnRequestForm = z.input<typeof returnRequestSchema>;
export type ReturnRequestInput = z.output<typeof returnRequestSchema>;

/** Which form fields each wizard step validates before moving on. */
export const wizardSteps = ['items', 'reason', 'resolution', 'method', 'review'] as const;
export type WizardStep = (typeof wizardSteps)[number];

export const rmaSchema = z
  .string()
  .trim()
  .regex(/^R-\d{1,12}$/i)
  .transform((v) => v.toUpperCase());

export const cancelReturnSchema = z.object({ rma: rmaSchema });
