import { z } from 'zod';
import { euroAmountSchema } from '@/lib/compensations/schemas';

/** One schema per boundary, shared by the forms, the server actions and the use cases. Messages are keys under `staffReturns.errors`. */

export const approveReturnSchema = z.object({ returnId: z.uuid() });

export const rejectReturnSchema = z.object({
  returnId: z.uuid(),
  internalReason: z.string().trim().min(3, 'reasonRequired').max(1000, 'tooLong'),
  customerMessage: z.string().trim().min(3, 'messageRequired').max(2000, 'tooLong'),
});
export type RejectReturnInput = z.input<typeof rejectReturnSchema>;

/** What a scanner or a person types at the receiving desk: an RMA (R-10001) or a return tracking number. */
export const receivingLookupSchema = z.object({
  code: z
    .string()
    .trim()
    .min(3, 'codeRequired')
    .max(64, 'codeRequired')
    .transform((s) => s.toUpperCase().replace(/\s+/g, '')),
});

export const receiveReturnSchema = z.object({
  returnId: z.uuid(),
  items: z
    .array(z.object({ returnItemId: z.uuid(), quantity: z.coerce.number().int('quantityInvalid').min(0, 'quantityInvalid').max(999, 'quantityInvalid') }))
    .min(1),
});
export type ReceiveReturnInput = z.input<typeof receiveReturnSchema>;

export const inspectionGrades = ['as_new', 'opened', 'damaged', 'missing'] as const;
export const inspectReturnSchema = z.object({
  returnId: z.uuid(),
  items: z
    .array(
      z.object({
        returnItemId: z.uuid(),
        grade: z.enum(inspectionGrades, 'gradeRequired'),
        restock: z.boolean(),
      }),
    )
    .min(1),
});
export type InspectReturnInput = z.input<typeof inspectReturnSchema>;

/** Completion: the refund amount defaults to what the received, sellable items are worth; less is a partial refund. */
export const resolveReturnSchema = z.object({
  returnId: z.uuid(),
  refundAmount: z
    .string()
    .trim()
    .max(12, 'amountFormat')
    .refine((v) => v === '' || euroAmountSchema.safeParse(v).success, 'amountFormat')
    .default(''),
  note: z.string().trim().max(1000, 'tooLong').default(''),
});
export type ResolveReturnInput = z.input<typeof resolveReturnSchema>;

/** Where the receiving desk starts for a return: receive a parcel in transit, inspect a received one, complete an inspected one. */
export const receivingSteps = ['receive', 'inspect', 'complete'] as const;
export type ReceivingStep = (typeof receivingSteps)[number];

/**
 * The receiving desk's one Confirm: received units, grade and restock per item, and the step the desk
 * opened at (a second confirm, or someone else's change in between, is refused instead of applied twice).
 * The refund is the policy's proposal; `note` is the reason the customer sees when it is nothing.
 */
export const confirmReceivingSchema = z.object({
  returnId: z.uuid(),
  step: z.enum(receivingSteps),
  items: z
    .array(
      z.object({
        returnItemId: z.uuid(),
        quantity: z.coerce.number().int('quantityInvalid').min(0, 'quantityInvalid').max(999, 'quantityInvalid'),
        grade: z.enum(inspectionGrades, 'gradeRequired'),
        restock: z.boolean(),
      }),
    )
    .min(1)
    .max(200),
  note: z.string().trim().max(1000, 'tooLong').default(''),
});
export type ConfirmReceivingInput = z.input<typeof confirmReceivingSchema>;
