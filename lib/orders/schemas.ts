import { z } from 'zod';
import { COUNTRY_CODES, CURRENCY_CODES } from './iso-codes';
import { LOCALES } from '@/lib/core/enums';
import { pastInstantSchema } from '@/lib/core/schemas';
import { PAYMENT_METHODS, PROVIDER_PAYMENT_PATTERN } from '@/lib/core/payment-methods';

/**
 * Lookup form, action and tests share this schema. Messages are catalog keys
 * (`lookup.errors.<key>`), so the client shows them in the customer's language.
 */
export const lookupOrderSchema = z.object({
  orderNumber: z.string().trim().min(1, 'orderNumberRequired').max(64, 'tooLong'),
  contact: z.string().trim().min(1, 'contactRequired').max(320, 'tooLong'),
});
export type LookupOrderInput = z.infer<typeof lookupOrderSchema>;

import { normalizeOrderNumber } from '@/lib/core/order-number';


/**
 * The order number with everything but letters and digits taken out: `KK 204131`, `kk-204131`,
 * `KK204131` and `#KK.204131` are all `KK204131`. The lookup falls back to this form (and, for
 * digits only, to the order number's digits) when the number as typed matches no order exactly.
 */
export function compactOrderNumber(value: string): string {
  return normalizeOrderNumber(value).replace(/[^A-Z0-9]+/g, '');
}

export function normalizeEmail(value: string): string {
  return value.trim().toLowerCase();
}

/** `00 100` and `00100` are the same postal code; `113 51` and `11351` too. */
export function normalizePostalCode(value: string): string {
  return value.replace(/[\s-]+/g, '').toUpperCase();
}

/** The second factor is an email when it has an '@', otherwise a postal code. */
export function parseContact(value: string): { kind: 'email'; value: string } | { kind: 'postalCode'; value: string } {
  const trimmed = value.trim();
  return trimmed.includes('@')
    ? { kind: 'email', value: normalizeEmail(trimmed) }
    : { kind: 'postalCode', value: normalizePostalCode(trimmed) };
}

// ---- Merchant API v1 (PUT/GET /api/v1/orders/{orderNumber}); the OpenAPI document is generated from these. ----

/** Minor units (cents); PostgreSQL `integer`. */
export const moneySchema = z.int().min(0).max(2_147_483_647);

/** ISO 4217, in use (no test, fund or metal codes such as XXX, XTS, XAU). */
export const currencySchema = z.enum([...CURRENCY_CODES] as [string, ...string[]], { error: 'An ISO 4217 currency code in use, such as EUR.' }).describe('ISO 4217 currency code, e.g. EUR');

/** ISO 3166-1 alpha-2, officially assigned (plus XK, Kosovo); user-assigned codes such as ZZ are refused. */
export const countrySchema = z.enum([...COUNTRY_CODES] as [string, ...string[]], { error: 'An ISO 3166-1 alpha-2 country code such as FI.' }).describe('ISO 3166-1 alpha-2 country code, e.g. FI');

export { EARLIEST_INSTANT, MAX_CLOCK_SKEW_MS, pastInstantSchema } from '@/lib/core/schemas';

export const orderNumberParamsSchema = z.object({
  orderNumber: z
    .string()
    .min(1)
    .max(64)
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'Use letters, digits, ".", "_" or "-" (no "#").'),
});

export const apiOrderLineSchema = z.object({
  sku: z.string().trim().min(1).max(100),
  title: z.string().trim().min(1).max(300),
  options: z.record(z.string().max(50), z.string().max(100)).optional().describe('Variant options, e.g. {"size":"M","colour":"Forest"}'),
  quantity: z.int().min(1).max(100_000),
  unitPrice: moneySchema.describe('Minor units of the order currency'),
  finalSale: z.boolean().optional(),
  imageUrl: z.url({ protocol: /^https?$/ }).max(2000).optional(),
});

export const apiAddressSchema = z.object({
  name: z.string().trim().min(1).max(200),
  line1: z.string().trim().min(1).max(200),
  line2: z.string().trim().max(200).optional(),
  postalCode: z.string().trim().min(1).max(16),
  city: z.string().trim().min(1).max(100),
  country: countrySchema,
});

export const upsertOrderSchema = z
  .object({
    email: z.email().max(320),
    customerName: z.string().trim().min(1).max(200),
    phone: z.string().trim().min(1).max(40).optional(),
    locale: z.enum(LOCALES),
    currency: currencySchema,
    placedAt: pastInstantSchema('placedAt'),
    shippingAddress: apiAddressSchema,
    lines: z.array(apiOrderLineSchema).min(1).max(500),
    shippingAmount: moneySchema.optional().describe('Standard delivery cost paid, minor units (refunded on an EU withdrawal); 0 when absent'),
    capturedAmount: moneySchema.optional().describe('Minor units actually charged; at most the sum of the lines plus shippingAmount. Absent on a replace: unchanged'),
    paymentMethod: z
      .union([z.enum(PAYMENT_METHODS), z.string().regex(PROVIDER_PAYMENT_PATTERN)])
      .optional()
      .describe(
        'How the customer paid: card, invoice, bnpl (buy now, pay later), bank_transfer or other; or the payment at a provider Paluu refunds through directly: stripe:<PaymentIntent id> (stripe:pi_…), paytrail:<Paytrail transaction id> or klarna:<Klarna order id>. Refunds of invoice, bnpl and bank_transfer orders go to a bank account the customer gives in the return wizard (IBAN). Absent on a replace: unchanged',
      ),
    /**
     * When the order last changed in the merchant's system. Updates may arrive out of order: one not
     * newer than the last applied is ignored (200, the current state returned).
     */
    updatedAt: pastInstantSchema('updatedAt')
      .optional()
      .describe("The order's modification time in the shop's system; an update not newer than the last applied one changes nothing"),
  })
  .superRefine((order, ctx) => {
    const seen = new Set<string>();
    order.lines.forEach((line, index) => {
      if (seen.has(line.sku)) ctx.addIssue({ code: 'custom', path: ['lines', index, 'sku'], message: 'Each SKU may appear on one line only.' });
      seen.add(line.sku);
    });
    if (order.capturedAmount !== undefined) {
      const total = order.lines.reduce((sum, line) => sum + line.unitPrice * line.quantity, 0) + (order.shippingAmount ?? 0);
      if (order.capturedAmount > total) {
        ctx.addIssue({
          code: 'custom',
          path: ['capturedAmount'],
          message: `capturedAmount (${order.capturedAmount}) cannot be above the order total ${total} (lines plus shippingAmount).`,
        });
      }
    }
  });
export type UpsertOrderInput = z.infer<typeof upsertOrderSchema>;
