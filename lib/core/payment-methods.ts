/**
 * How an order was paid (`orders.payment_method`, set by the merchant API's `paymentMethod`), and which
 * methods are refunded by bank transfer: invoice and buy-now-pay-later payers have no card to refund to,
 * and a bank transfer is refunded the way it came. Pure; the wizard, the rail and the API share it.
 */
export const PAYMENT_METHODS = ['card', 'invoice', 'bnpl', 'bank_transfer', 'other'] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];

const NEEDS_IBAN: ReadonlySet<string> = new Set<PaymentMethod>(['invoice', 'bnpl', 'bank_transfer']);

/** Whether refunds of an order paid this way go to a bank account the customer gives (IBAN). */
export function paymentMethodNeedsIban(method: string | null | undefined): boolean {
  return method != null && NEEDS_IBAN.has(method);
}

const UUID = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';

/** Each provider's payment id: a Stripe PaymentIntent (`pi_…`), Paytrail's transaction UUID, Klarna's order UUID. */
const PROVIDER_PAYMENT_IDS = { stripe: 'pi_[A-Za-z0-9_]{1,54}', paytrail: UUID, klarna: UUID } as const;
export type PaymentProvider = keyof typeof PROVIDER_PAYMENT_IDS;

/**
 * A payment at a provider whose refunds Paluu carries out itself (lib/refunds/rails): `stripe:<PaymentIntent id>`
 * (`stripe:pi_…`), `paytrail:<transaction id>` (Paytrail's transaction UUID) or `klarna:<order id>` (Klarna's order
 * UUID). Such an order is refunded to what it was paid with, at the provider, while that provider is configured.
 * Fits `orders.payment_method` (varchar 64).
 */
export const PROVIDER_PAYMENT_PATTERN = new RegExp(`^(?:${Object.entries(PROVIDER_PAYMENT_IDS).map(([provider, id]) => `${provider}:${id}`).join('|')})$`);

/** The payment id of an order paid at this provider (`stripe:pi_…` → `pi_…`), or null when it was paid otherwise. */
export function providerPaymentId(provider: PaymentProvider, method: string | null | undefined): string | null {
  const id = method?.startsWith(`${provider}:`) ? method.slice(provider.length + 1) : null;
  return id !== null && new RegExp(`^(?:${PROVIDER_PAYMENT_IDS[provider]})$`).test(id) ? id : null;
}
