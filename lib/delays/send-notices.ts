// PLACEHOLDER for contract A (owner: delays) — replaced by the delays engineer's file at merge.
import { randomBytes } from 'node:crypto';
import { and, eq, inArray, isNull } from 'drizzle-orm';
import { delayIncidents, notices, orders, shipments } from '@/db/schema';
import type { Ctx } from '@/lib/auth/actor';
import { recordCaseEvent } from '@/lib/cases/record-case-event';
import { toLocale } from '@/lib/i18n/locales';
import { enqueueEmail } from '@/lib/outbox/enqueue-email';
import { appUrl } from '@/lib/outbox/service-email-layout';
import { renderDelayNotice } from './notice-email';
import { hashRemedyToken, remedyPath } from './remedy-token';
import { type Remedy, readDelaySettings } from './settings';

export async function sendNotices(ctx: Ctx, input: { incidentIds: string[] }): Promise<{ queued: number; skipped: number }> {
  const ids = [...new Set(input.incidentIds)];
  if (ids.length === 0) return { queued: 0, skipped: 0 };
  return ctx.db.transaction(async (tx) => {
    const settings = await readDelaySettings(tx);
    const open = await tx
      .select({ id: delayIncidents.id, kind: delayIncidents.kind, orderId: orders.id, email: orders.email, locale: orders.locale })
      .from(delayIncidents)
      .innerJoin(shipments, eq(shipments.id, delayIncidents.shipmentId))
      .innerJoin(orders, eq(orders.id, shipments.orderId))
      .where(and(inArray(delayIncidents.id, ids), isNull(delayIncidents.resolvedAt), isNull(delayIncidents.dismissedAt)))
      .for('update', { of: delayIncidents });
    let queued = 0;
    for (const incident of open) {
      const locale = toLocale(incident.locale);
      const token = randomBytes(24).toString('base64url');
      const offered = [...new Set<Remedy>(['keep_waiting', ...settings.remedies[incident.kind], 'cancel_refund'])];
      const dedupeKey = `delay-notice:${incident.id}`;
      const [notice] = await tx
        .insert(notices)
        .values({ incidentId: incident.id, orderId: incident.orderId, locale, status: 'queued', remediesOffered: offered, remedyTokenHash: hashRemedyToken(token), dedupeKey })
        .onConflictDoNothing()
        .returning({ id: notices.id });
      if (!notice) continue;
      const content = await renderDelayNotice(tx, incident.id, { remedyUrl: appUrl(remedyPath(locale, token)) });
      const outboxId = await enqueueEmail(tx, { kind: 'email.delay_notice', dedupeKey, locale, orderId: incident.orderId, email: { to: incident.email, subject: content.subject, html: content.html, text: content.text } });
      await tx.update(notices).set({ outboxId, sentAt: new Date() }).where(eq(notices.id, notice.id));
      await recordCaseEvent(tx, { actor: ctx.actor, type: 'delay.notice_queued', orderId: incident.orderId, data: { incidentId: incident.id, noticeId: notice.id, kind: incident.kind } });
      queued++;
    }
    return { queued, skipped: ids.length - queued };
  });
}
