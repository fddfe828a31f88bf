/**
 * A platform's webhook delivery, end to end: size cap → find the integration by its shop domain → verify the
 * signature over the raw body → parse JSON → in ONE transaction: claim the delivery id (a redelivery is
 * acknowledged and changes nothing), apply the topic, store the outcome. Never a 500: unknown shop or bad
 * signature 401, malformed JSON 400, "not yet" 409 and a storage failure 503 (the platform retries both).
 */
import { eq, and } from 'drizzle-orm';
import type { Db } from '@/db';
import { platformWebhookReceipts } from '@/db/schema';
import { readBodyCapped } from '@/lib/carriers/receive-webhook';
import type { Actor } from '@/lib/core/actor';
import { openIntegrationByDomain } from './integrations';
import type { PlatformId, TopicOutcome } from './platform';
import { platformOf } from './registry';

export type PlatformWebhookResponse = { status: number; body: Record<string, unknown> };

const error = (status: number, code: string, message: string): PlatformWebhookResponse => ({ status, body: { error: { code, message } } });
const SYSTEM: Actor = { type: 'system' };

class NotYet extends Error {}

export async function receivePlatformWebhook(db: Db, platformId: PlatformId, request: Request): Promise<PlatformWebhookResponse> {
  const platform = platformOf(platformId)!;
  const raw = await readBodyCapped(request);
  if (!raw) return error(413, 'payload_too_large', 'The body is larger than 1 MB.');
  if (platform.isPing?.(raw.toString('utf8'))) return { status: 200, body: { received: true, ping: true } };
  try {
    const sent = request.headers.get(platform.shopHeader) ?? '';
    const domain = platform.shopDomainOf ? platform.shopDomainOf(sent) : sent;
    const integration = domain ? await openIntegrationByDomain(db, platformId, domain) : null;
    if (!integration) {
      console.warn(`[platforms] ${platformId}: webhook from an unknown shop ${JSON.stringify(domain.slice(0, 100))}`);
      return error(401, 'unauthorized', 'The webhook could not be authenticated.');
    }
    // The HMAC is over the exact bytes; bytes that are not UTF-8 change on decoding and fail it, as they should.
    const rawBody = raw.toString('utf8');
    const verdict = await platform.verifyWebhook({ rawBody, headers: request.headers, secret: integration.webhookSecret });
    if (!verdict.ok) {
      console.warn(`[platforms] ${platformId} ${integration.domain}: webhook rejected (${verdict.reason})`);
      return error(401, 'unauthorized', 'The webhook could not be authenticated.');
    }
    let payload: unknown;
    try {
      payload = JSON.parse(rawBody);
    } catch {
      return error(400, 'bad_request', 'The body is not valid JSON.');
    }
    const deliveryId = verdict.deliveryId.slice(0, 255);
    let outcome: TopicOutcome | null;
    try {
      outcome = await db.transaction(async (tx) => {
        const [claimed] = await tx
          .insert(platformWebhookReceipts)
          .values({ integrationId: integration.id, webhookId: deliveryId, topic: verdict.topic.slice(0, 100), outcome: 'processing' })
          .onConflictDoNothing()
          .returning({ webhookId: platformWebhookReceipts.webhookId });
        if (!claimed) return null;
        const result = await platform.handleTopic({ db: tx as unknown as Db, actor: SYSTEM }, integration, verdict.topic, payload);
        if (result.outcome === 'retry') throw new NotYet(result.detail);
        await tx
          .update(platformWebhookReceipts)
          .set({ outcome: result.outcome, detail: result.detail?.slice(0, 2000) ?? null })
          .where(and(eq(platformWebhookReceipts.integrationId, integration.id), eq(platformWebhookReceipts.webhookId, deliveryId)));
        return result;
      });
    } catch (e) {
      if (e instanceof NotYet) return error(409, 'conflict', `Not yet: ${e.message}; deliver again later.`);
      throw e;
    }
    if (!outcome) return { status: 200, body: { received: true, duplicate: true } };
    if (outcome.outcome === 'skipped') console.warn(`[platforms] ${platformId} ${integration.domain} ${verdict.topic}: skipped: ${outcome.detail}`);
    return { status: 200, body: { received: true, duplicate: false, outcome: outcome.outcome, ...(outcome.detail ? { detail: outcome.detail } : {}) } };
  } catch (e) {
    console.error(`[platforms] ${platformId}: the delivery could not be handled`, e instanceof Error ? e.message : e);
    return error(503, 'unavailable', 'The delivery could not be handled; retry later.');
  }
}
