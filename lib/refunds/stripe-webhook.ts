import { and, eq, or } from 'drizzle-orm';
import Stripe from 'stripe';
import { z } from 'zod';
import type { Db, Tx } from '@/db';
import { refunds, stripeWebhookEvents } from '@/db/schema';
import { fromStripeRefund } from './rails/stripe';
import { settleRefundFromProvider } from './settle-refund-from-provider';

export type StripeWebhookResponse = { status: number; body: unknown };

const MAX_BODY_BYTES = 512 * 1024;
const error = (status: number, code: string, message: string): StripeWebhookResponse => ({ status, body: { error: { code, message } } });

/** The part of a Stripe refund object the ledger reads (https://docs.stripe.com/api/refunds/object). */
const stripeRefund = z.looseObject({
  id: z.string().startsWith('re_'),
  status: z.string().nullable(),
  failure_reason: z.string().nullish(),
  metadata: z.record(z.string(), z.string()).nullish(),
});

/**
 * POST /api/integrations/stripe/webhooks. The signature (`Stripe-Signature`, HMAC-SHA256 over the raw body with
 * STRIPE_WEBHOOK_SECRET, five minutes' tolerance) is checked by the SDK's `webhooks.constructEvent`; a bad or
 * missing one is 400 and changes nothing. Each event id is handled once (stripe_webhook_events). Handled types:
 * `refund.updated` (the refund object) and `charge.refunded` (the charge, with the refunds it lists), which move
 * a processing refund to succeeded or failed. Anything else is acknowledged and ignored.
 */
export async function receiveStripeWebhook(db: Db, request: Request): Promise<StripeWebhookResponse> {
  const secret = process.env.STRIPE_WEBHOOK_SECRET;
  if (!secret) return error(404, 'not_found', 'Stripe webhooks are not configured.');
  const signature = request.headers.get('stripe-signature');
  if (!signature) return error(400, 'invalid_signature', 'The Stripe-Signature header is missing.');
  const declared = Number(request.headers.get('content-length') ?? 0);
  if (declared > MAX_BODY_BYTES) return error(413, 'payload_too_large', `The body is larger than ${MAX_BODY_BYTES} bytes.`);
  const raw = Buffer.from(await request.arrayBuffer());
  if (raw.length > MAX_BODY_BYTES) return error(413, 'payload_too_large', `The body is larger than ${MAX_BODY_BYTES} bytes.`);
  let event: Stripe.Event;
  try {
    event = Stripe.webhooks.constructEvent(raw, signature, secret);
  } catch (e) {
    return error(400, 'invalid_signature', e instanceof Error ? e.message.slice(0, 300) : 'The signature does not match.');
  }
  await db.transaction(async (tx) => {
    const [fresh] = await tx.insert(stripeWebhookEvents).values({ eventId: event.id, type: event.type }).onConflictDoNothing().returning({ eventId: stripeWebhookEvents.eventId });
    if (!fresh) return;
    const object = (event.data as { object?: unknown }).object as Record<string, unknown> | undefined;
    if (event.type === 'refund.updated' || event.type === 'refund.created' || event.type === 'refund.failed') {
      await reconcileStripeRefund(tx, object, event.id);
    } else if (event.type === 'charge.refunded') {
      const list = (object?.refunds as { data?: unknown[] } | undefined)?.data ?? [];
      for (const item of list) await reconcileStripeRefund(tx, item, event.id);
    }
  });
  return { status: 200, body: { received: true } };
}

/**
 * Moves the ledger's refund to what Stripe reports. Matched by the provider reference, or by our refund id in the
 * refund's metadata (sent on create, so an attempt whose answer was lost still matches). Only a processing refund
 * moves; a report that contradicts a settled one is kept as an audit row for staff (lib/refunds/settle-refund-from-provider.ts).
 */
async function reconcileStripeRefund(tx: Tx, raw: unknown, eventId: string): Promise<void> {
  const parsed = stripeRefund.safeParse(raw);
  if (!parsed.success) return;
  const remote = parsed.data;
  const ours = z.uuid().safeParse(remote.metadata?.paluu_refund_id);
  const [refund] = await tx
    .select()
    .from(refunds)
    .where(and(eq(refunds.rail, 'stripe'), or(eq(refunds.providerReference, remote.id), ours.success ? eq(refunds.id, ours.data) : undefined)))
    .limit(1)
    .for('update');
  if (!refund) return;
  const result = fromStripeRefund({ id: remote.id, status: remote.status, failure_reason: remote.failure_reason ?? null });
  await settleRefundFromProvider(tx, refund, { result, providerStatus: remote.status, providerReference: remote.id, origin: { eventId } }, new Date());
}
