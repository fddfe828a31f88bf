/**
 * Contract A (owner: delays). Queues the delay notice of each given incident — staff "send" and the auto
 * policy both come here. Exactly once per incident (= per parcel per episode): the incidents are locked, and the
 * notice row and the outbox row both carry the dedupe key `delay-notice:{incidentId}`, so concurrent callers,
 * several workers and retries queue one email. Resolved, dismissed and already noticed incidents are skipped.
 * No `server-only`: the worker calls it.
 */
import { and, inArray, isNull, sql } from 'drizzle-orm';
import type { Tx } from '@/db';
import { caseEvents, delayIncidents, notices } from '@/db/schema';
import { actorColumns, type Ctx } from '@/lib/auth/actor';
import { enqueueEmail } from '@/lib/outbox/enqueue-email';
import { appUrl } from '@/lib/outbox/service-email-layout';
import { mintTrackingLink } from '@/lib/tracking-links/mint-tracking-link';
import { composeDelayNotice, loadNoticeFactsMany } from './notice-email';
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
    .select({ id: delayIncidents.id })
    .from(delayIncidents)
    .where(and(inArray(delayIncidents.id, ids), isNull(delayIncidents.resolvedAt), isNull(delayIncidents.dismissedAt)))
    .orderBy(delayIncidents.id)
    .for('update');
  if (open.length === 0) return { queued: 0, skipped: ids.length };
  const noticed = new Set((await tx.select({ id: notices.incidentId }).from(notices).where(inArray(notices.incidentId, open.map((o) => o.id)))).map((r) => r.id));
  const due = open.filter((o) => !noticed.has(o.id)).map((o) => o.id);
  const facts = await loadNoticeFactsMany(tx, due);
  if (facts.length === 0) return { queued: 0, skipped: ids.length };

  const tokens = new Map(facts.map((f) => [f.incidentId, f.remedies.length > 0 ? newRemedyToken() : null]));
  const inserted = await tx
    .insert(notices)
    .values(
      facts.map((f) => {
        const token = tokens.get(f.incidentId);
        return {
          incidentId: f.incidentId,
          orderId: f.orderId,
          channel: 'email' as const,
          locale: f.locale,
          status: 'queued' as const,
          remediesOffered: f.remedies,
          remedyTokenHash: token ? hashRemedyToken(token) : null,
          dedupeKey: noticeDedupeKey(f.incidentId),
        };
      }),
    )
    .onConflictDoNothing({ target: notices.dedupeKey })
    .returning({ id: notices.id, incidentId: notices.incidentId });
  const noticeOf = new Map(inserted.map((n) => [n.incidentId, n.id]));

  const links: Array<{ id: string; outboxId: string | null }> = [];
  const audit: Array<typeof caseEvents.$inferInsert> = [];
  for (const f of facts) {
    const noticeId = noticeOf.get(f.incidentId);
    if (!noticeId) continue; // another caller got there first
    const token = tokens.get(f.incidentId) ?? null;
    const link = await mintTrackingLink(tx, { orderId: f.orderId });
    const content = composeDelayNotice(f, { remedyUrl: token ? appUrl(remedyPath(f.locale, token)) : null, trackingUrl: link.url });
    const outboxId = await enqueueEmail(tx, {
      kind: `email.delay.${f.kind}`,
      dedupeKey: noticeDedupeKey(f.incidentId),
      locale: f.locale,
      orderId: f.orderId,
      email: { to: f.to, subject: content.subject, html: content.html, text: content.text },
    });
    links.push({ id: noticeId, outboxId });
    audit.push({
      ...actorColumns(ctx.actor),
      type: 'delay.notice_queued',
      orderId: f.orderId,
      data: { incidentId: f.incidentId, noticeId, kind: f.kind, locale: f.locale, remedies: f.remedies, subject: content.subject },
    });
  }
  if (links.length > 0) {
    await tx.execute(sql`
      update notices n set outbox_id = x.outbox_id
      from jsonb_to_recordset(${JSON.stringify(links.map((l) => ({ id: l.id, outbox_id: l.outboxId })))}::jsonb) as x(id uuid, outbox_id uuid)
      where n.id = x.id`);
    // One audit row per notice, written in one statement (recordCaseEvent's row shape).
    await tx.insert(caseEvents).values(audit);
  }
  return { queued: links.length, skipped: ids.length - links.length };
}
