/**
 * Contract A (owner: delays). Queues the delay notice of each given incident — staff "send" and the auto
 * policy both come here. Exactly once per incident (= per parcel per episode): the incidents are locked, and the
 * notice row and the outbox row both carry the dedupe key `delay-notice:{incidentId}`, so concurrent callers,
 * several workers and retries queue one email. Resolved, dismissed and already noticed incidents are skipped.
 * No `server-only`: the worker calls it.
 */
import { and, inArray, isNull, sql } from 'drizzle-orm';
import type { Tx } from '@/db';
import { delayIncidents, notices } from '@/db/schema';
import type { Ctx } from '@/lib/auth/actor';
import { recordCaseEvent } from '@/lib/cases/record-case-event';
import { enqueueEmail } from '@/lib/outbox/enqueue-email';
import { appUrl } from '@/lib/outbox/service-email-layout';
import { mintTrackingLink } from '@/lib/tracking-links/mint-tracking-link';
import { composeDelayNotice, loadNoticeFacts } from './notice-email';
import { hashRemedyToken, newRemedyToken, remedyPath } from './remedy-token';

export const noticeDedupeKey = (incidentId: string) => `delay-notice:${incidentId}`;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Incidents per transaction: a crash loses at most one chunk's work, which the next run redoes. */
const CHUNK = 100;

export async function sendNotices(ctx: Ctx, input: { incidentIds: string[] }): Promise<{ queued: number; skipped: number }> {
  const ids = [...new Set(input.incidentIds)];
  const valid = ids.filter((id) => UUID.test(id));
  let queued = 0;
  let skipped = ids.length - valid.length;
  for (let i = 0; i < valid.length; i += CHUNK) {
    const chunk = valid.slice(i, i + CHUNK);
    const r = await ctx.db.transaction((tx) => queueChunk(tx, ctx, chunk));
    queued += r.queued;
    skipped += r.skipped;
  }
  return { queued, skipped };
}

async function queueChunk(tx: Tx, ctx: Ctx, ids: string[]): Promise<{ queued: number; skipped: number }> {
  // Lock the open, undismissed incidents in id order: a concurrent caller waits here, then sees the notice.
  const open = await tx
    .select({ id: delayIncidents.id, orderId: delayIncidents.orderId, kind: delayIncidents.kind, shipmentId: delayIncidents.shipmentId })
    .from(delayIncidents)
    .where(and(inArray(delayIncidents.id, ids), isNull(delayIncidents.resolvedAt), isNull(delayIncidents.dismissedAt)))
    .orderBy(delayIncidents.id)
    .for('update');
  const noticed = new Set(
    (await tx.select({ id: notices.incidentId }).from(notices).where(inArray(notices.incidentId, open.map((o) => o.id).concat(['00000000-0000-0000-0000-000000000000'])))).map((r) => r.id),
  );
  let queued = 0;
  for (const incident of open) {
    if (noticed.has(incident.id)) continue;
    const facts = await loadNoticeFacts(tx, incident.id);
    const token = facts.remedies.length > 0 ? newRemedyToken() : null;
    const dedupeKey = noticeDedupeKey(incident.id);
    const [notice] = await tx
      .insert(notices)
      .values({
        incidentId: incident.id,
        orderId: incident.orderId,
        channel: 'email',
        locale: facts.locale,
        status: 'queued',
        remediesOffered: facts.remedies,
        remedyTokenHash: token ? hashRemedyToken(token) : null,
        dedupeKey,
      })
      .onConflictDoNothing({ target: notices.dedupeKey })
      .returning({ id: notices.id });
    if (!notice) continue; // another caller got there first
    const link = await mintTrackingLink(tx, { orderId: incident.orderId });
    const content = composeDelayNotice(facts, { remedyUrl: token ? appUrl(remedyPath(facts.locale, token)) : null, trackingUrl: link.url });
    const outboxId = await enqueueEmail(tx, {
      kind: `email.delay.${incident.kind}`,
      dedupeKey,
      locale: facts.locale,
      orderId: incident.orderId,
      email: { to: facts.to, subject: content.subject, html: content.html, text: content.text },
    });
    await tx.update(notices).set({ outboxId }).where(sql`${notices.id} = ${notice.id}`);
    await recordCaseEvent(tx, {
      actor: ctx.actor,
      type: 'delay.notice_queued',
      orderId: incident.orderId,
      data: { incidentId: incident.id, noticeId: notice.id, kind: incident.kind, shipmentId: incident.shipmentId, locale: facts.locale, remedies: facts.remedies, subject: content.subject },
    });
    queued++;
  }
  return { queued, skipped: ids.length - queued };
}
