/**
 * Contract A (owner: delays). Queues the delay notice of each given incident — staff "send" and the auto
 * policy both come here. Exactly once per delay EPISODE (the span while a parcel has any open incident): a
 * parcel both stalled and past its date gets one email, one banner and one remedy link. The incidents and their
 * episodes are locked, and the notice row and the outbox row both carry the dedupe key `delay-notice:{episodeId}`
 * (unique), so concurrent callers, several workers and retries queue one email. Resolved, dismissed and already
 * noticed incidents, and incidents whose episode already has a notice, are skipped.
 * No `server-only`: the worker calls it.
 */
import { and, inArray, isNull, ne, sql } from 'drizzle-orm';
import type { Tx } from '@/db';
import { delayEpisodes, delayIncidents, notices } from '@/db/schema';
import type { Ctx } from '@/lib/core/actor';
import { recordEvents, type RecordEventInput } from '@/lib/core/events';
import { enqueueEmail } from '@/lib/outbox/enqueue-email';
import { appUrl } from '@/lib/core/url';
import { mintTrackingLink } from '@/lib/tracking-links/mint-tracking-link';
import { composeDelayNotice, loadNoticeFactsMany } from './notice-email';
import { hashRemedyToken, newRemedyToken, remedyPath } from './remedy-token';

/** One notice per parcel per delay episode: the notice row's and the email's dedupe key. */
export const noticeDedupeKey = (episodeId: string) => `delay-notice:${episodeId}`;
/** A dismissal is per incident: it never blocks the notice of another kind in the same episode. */
export const dismissalDedupeKey = (incidentId: string) => `delay-dismissed:${incidentId}`;

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
    .select({ id: delayIncidents.id, episodeId: delayIncidents.episodeId, openedAt: delayIncidents.openedAt })
    .from(delayIncidents)
    .where(and(inArray(delayIncidents.id, ids), isNull(delayIncidents.resolvedAt), isNull(delayIncidents.dismissedAt)))
    .orderBy(delayIncidents.id)
    .for('update');
  if (open.length === 0) return { queued: 0, skipped: ids.length };
  // And their episodes: two callers sending different kinds of one parcel queue one notice between them.
  const episodeIds = [...new Set(open.map((o) => o.episodeId))].sort();
  await tx.select({ id: delayEpisodes.id }).from(delayEpisodes).where(inArray(delayEpisodes.id, episodeIds)).orderBy(delayEpisodes.id).for('update');
  const noticed = new Set((await tx.select({ id: notices.incidentId }).from(notices).where(inArray(notices.incidentId, open.map((o) => o.id)))).map((r) => r.id));
  const toldEpisodes = new Set(
    (
      await tx
        .select({ id: notices.episodeId })
        .from(notices)
        .where(and(inArray(notices.episodeId, episodeIds), ne(notices.status, 'dismissed')))
    ).map((r) => r.id),
  );
  // One incident per untold episode: the one that opened first (what happened first is what we tell).
  const due: string[] = [];
  for (const o of [...open].sort((a, b) => a.openedAt.getTime() - b.openedAt.getTime() || a.id.localeCompare(b.id))) {
    if (noticed.has(o.id) || toldEpisodes.has(o.episodeId)) continue;
    toldEpisodes.add(o.episodeId);
    due.push(o.id);
  }
  const facts = await loadNoticeFactsMany(tx, due);
  if (facts.length === 0) return { queued: 0, skipped: ids.length };

  const episodeOf = new Map(open.map((o) => [o.id, o.episodeId]));
  const tokens = new Map(facts.map((f) => [f.incidentId, f.remedies.length > 0 ? newRemedyToken() : null]));
  const inserted = await tx
    .insert(notices)
    .values(
      facts.map((f) => {
        const token = tokens.get(f.incidentId);
        return {
          incidentId: f.incidentId,
          orderId: f.orderId,
          episodeId: episodeOf.get(f.incidentId)!,
          channel: 'email' as const,
          locale: f.locale,
          status: 'queued' as const,
          remediesOffered: f.remedies,
          remedyTokenHash: token ? hashRemedyToken(token) : null,
          dedupeKey: noticeDedupeKey(episodeOf.get(f.incidentId)!),
        };
      }),
    )
    .onConflictDoNothing({ target: notices.dedupeKey })
    .returning({ id: notices.id, incidentId: notices.incidentId });
  const noticeOf = new Map(inserted.map((n) => [n.incidentId, n.id]));

  const links: Array<{ id: string; outboxId: string | null }> = [];
  const events: RecordEventInput[] = [];
  for (const f of facts) {
    const noticeId = noticeOf.get(f.incidentId);
    if (!noticeId) continue; // another caller got there first
    const token = tokens.get(f.incidentId) ?? null;
    const link = await mintTrackingLink(tx, { orderId: f.orderId });
    const content = await composeDelayNotice(f, { remedyUrl: token ? appUrl(remedyPath(f.locale, token)) : null, trackingUrl: link.url });
    const outboxId = await enqueueEmail(tx, {
      kind: `email.delay.${f.kind}`,
      dedupeKey: noticeDedupeKey(episodeOf.get(f.incidentId)!),
      locale: f.locale,
      orderId: f.orderId,
      email: { to: f.to, subject: content.subject, html: content.html, text: content.text },
    });
    links.push({ id: noticeId, outboxId });
    events.push({
      type: 'delay.notice_sent',
      actor: ctx.actor,
      data: { noticeId, incidentId: f.incidentId, orderId: f.orderId, kind: f.kind, remedies: f.remedies, episodeId: episodeOf.get(f.incidentId), locale: f.locale, subject: content.subject },
    });
  }
  if (links.length > 0) {
    await tx.execute(sql`
      update notices n set outbox_id = x.outbox_id
      from jsonb_to_recordset(${JSON.stringify(links.map((l) => ({ id: l.id, outbox_id: l.outboxId })))}::jsonb) as x(id uuid, outbox_id uuid)
      where n.id = x.id`);
    // One delay.notice_sent per notice, all in one statement.
    await recordEvents(tx, events);
  }
  return { queued: links.length, skipped: ids.length - links.length };
}
