import { z } from 'zod';

/** Codes as issued (`SC-…`); matched case-insensitively (stored upper case). */
export const storeCreditCodeParamsSchema = z.object({
  code: z
    .string()
    .min(3)
    .max(64)
    .regex(/^[A-Za-z0-9-]+$/, 'Letters, digits and "-" only.')
    .transform((v) => v.toUpperCase()),
});

// Own copies (not lib/orders'): lib/compensations issues store credit and sits below lib/orders.
const moneySchema = z.int().min(0).max(2_147_483_647);
const currencySchema = z.string().regex(/^[A-Z]{3}$/, 'An ISO 4217 currency code such as EUR.').describe('ISO 4217 currency code, e.g. EUR');

export const redeemStoreCreditSchema = z.object({
  amount: moneySchema.min(1).describe('Minor units to take off the balance (at most the balance)'),
  currency: currencySchema,
  orderNumber: z.string().trim().min(1).max(64).optional().describe('The order the credit pays for, in the shop’s system (kept for the audit trail)'),
});
export type RedeemStoreCreditInput = z.infer<typeof redeemStoreCreditSchema>;

export const storeCreditBalanceSchema = z.object({
  code: z.string(),
  balance: z.int().min(0).describe('Minor units left to spend'),
  redeemed: z.int().min(0).describe('Minor units spent so far'),
  issued: z.int().min(0).describe('Minor units issued'),
  currency: z.string().describe('ISO 4217'),
});
export type StoreCreditBalance = z.infer<typeof storeCreditBalanceSchema>;
