import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { Db } from '@/db';
import { webhookDeliveries } from '@/db/schema';
import type { Actor } from '@/lib/core/actor';
import { recordEvent } from '@/lib/core/events';
import { AppError } from '@/lib/errors';
import { webhookBody } from './build-body';
import { findEndpoint } from './queries';
import { WEBHOOK_TEST_TYPE } from './resources';

/** Queues a `webhook.test` delivery to one endpoint (sent by the worker like any other, logged the same). */
export async function sendTestWebhook(ctx: { db: Db; actor: Actor }, id: string) {
  return ctx.db.transaction(async (tx) => {
    const endpoint = await findEndpoint(tx, ctx.actor, id);
    if (!endpoint.enabled) throw new AppError('invalid_state', 'The endpoint is disabled; enable it first.', { details: { reason: 'endpointDisabled' } });
    const webhookId = `msg_${randomUUID().replaceAll('-', '')}`;
    const body = webhookBody(WEBHOOK_TEST_TYPE, new Date(), { endpointId: endpoint.id, message: 'A test message from Paluu.' });
    const [row] = await tx.insert(webhookDeliveries).values({ endpointId: endpoint.id, webhookId, eventType: WEBHOOK_TEST_TYPE, body }).returning({ id: webhookDeliveries.id });
    await recordEvent(tx, { actor: ctx.actor, type: 'webhook_endpoint.test_sent', data: { endpointId: endpoint.id, deliveryId: row!.id } });
    return { deliveryId: row!.id, webhookId, type: WEBHOOK_TEST_TYPE } as const;
  });
}

/**
 * "Send again": the same delivery (same body, same `webhook-id`, so a receiver that already has it can tell)
 * is due now with a fresh retry schedule.
 */
export async function resendWebhookDelivery(ctx: { db: Db; actor: Actor }, input: { endpointId: string; deliveryId: string }) {
  return ctx.db.transaction(async (tx) => {
    const endpoint = await findEndpoint(tx, ctx.actor, input.endpointId);
    if (!/^[0-9a-f-]{36}$/i.test(input.deliveryId)) throw new AppError('not_found');
    const [row] = await tx
      .update(webhookDeliveries)
      .set({ status: 'pending', attempts: 0, nextAttemptAt: new Date(), deliveredAt: null })
      .where(and(eq(webhookDeliveries.id, input.deliveryId), eq(webhookDeliveries.endpointId, endpoint.id)))
      .returning({ id: webhookDeliveries.id });
    if (!row) throw new AppError('not_found');
    await recordEvent(tx, { actor: ctx.actor, type: 'webhook_delivery.resent', data: { endpointId: endpoint.id, deliveryId: row.id } });
    await tx.execute(`select pg_notify('paluu_webhook_deliveries', '')`);
    return { deliveryId: row.id };
  });
}
