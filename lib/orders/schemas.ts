import { z } from 'zod';

/**
 * Lookup form, action and tests share this schema. Messages are catalog keys
 * (`lookup.errors.<key>`), so the client shows them in the customer's language.
 */
export const lookupOrderSchema = z.object({
  orderNumber: z.string().trim().min(1, 'orderNumberRequired').max(64, 'tooLong'),
  contact: z.string().trim().min(1, 'contactRequired').max(320, 'tooLong'),
});
export type LookupOrderInput = z.infer<typeof lookupOrderSchema>;

/** `#kk-100 123 ` → `KK-100123`: the customer may copy it with a '#', spaces or lower case. */
export function normalizeOrderNumber(value: string): string {
  // NUL can never be in an order number and PostgreSQL rejects it in text (a 500 otherwise).
  return value.replace(/[\s\u0000]+/g, '').replace(/^#+/, '').toUpperCase();
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
