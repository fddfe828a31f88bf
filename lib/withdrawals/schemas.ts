import { z } from 'zod';
import { locales } from '@/lib/core/locales';

/**
 * The withdrawal form asks only what art. 11a(2) allows: name, the contract (order) and the email
 * for the receipt. Items are optional (none chosen = the whole order); no reason, no photos.
 * Messages are catalog keys (`withdrawal.errors.<key>`).
 */
/** PostgreSQL text cannot hold NUL: such input is invalid, not a server error. */
const noNul = (v: string) => !v.includes('\u0000');
const name = z.string().trim().min(1, 'nameRequired').max(200, 'tooLong').refine(noNul, 'invalid');
const email = z.string().trim().min(1, 'emailRequired').max(320, 'tooLong').refine(noNul, 'emailInvalid').pipe(z.email('emailInvalid'));

/** Step 1 on the guest path (`/{locale}/withdraw`): who and which order. */
export const withdrawalIdentifySchema = z.object({
  name,
  orderNumber: z.string().trim().min(1, 'orderNumberRequired').max(64, 'tooLong').refine(noNul, 'invalid'),
  email,
});
export type WithdrawalIdentifyInput = z.infer<typeof withdrawalIdentifySchema>;

/** The details step when the order is already open in this browser. */
export const withdrawalDetailsSchema = z.object({ name, email });
export type WithdrawalDetailsInput = z.infer<typeof withdrawalDetailsSchema>;

export const withdrawnLineSchema = z.object({ orderLineId: z.uuid(), quantity: z.int().min(1).max(10_000) });

/** "Confirm withdrawal": the statement as submitted. */
export const confirmWithdrawalSchema = z.object({
  orderNumber: z.string().trim().min(1).max(64).refine(noNul, 'invalid'),
  name,
  email,
  lines: z.array(withdrawnLineSchema).max(200).default([]),
  locale: z.enum(locales),
  idempotencyKey: z.string().min(8).max(100),
});
export type ConfirmWithdrawalInput = z.input<typeof confirmWithdrawalSchema>;
