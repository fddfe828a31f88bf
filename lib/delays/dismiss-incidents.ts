/**
 * Contract A (owner: delays). Staff decide a group needs no notice: the incidents are marked dismissed and get a
 * notice row with status `dismissed` under the incident's own dedupe key, so no notice can be queued for this
 * incident later (another kind of the same episode may still be told; a new episode of the parcel is a new incident). Incidents already noticed, resolved or dismissed are
 * left alone. Audited per incident. The incident stays open until its condition clears, so it is not re-opened.
 */
import { and, inArray, isNull, notExists, sql } from 'drizzle-orm';
import { delayIncidents, notices, orders } from '@/db/schema';
import type { Ctx } from '@/lib/core/actor';
import { recordEvent } from '@/lib/core/events';
import { dismissalDedupeKey } from './send-notices';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function dismissIncidents(ctx: Ctx, input: { incidentIds: string[] }): Promise<{ dismissed: number }> {
  const ids = [...new Set(input.incidentIds)].filter((id) => UUID.test(id));
  if (ids.length === 0) return { dismissed: 0 };
  return ctx.db.transaction(async (tx) => {
    const now = new Date();
    const rows = await tx
      .update(delayIncidents)
      .set({ dismissedAt: now, updatedAt: now })
      .where(
        and(
          inArray(delayIncidents.id, ids),
          isNull(delayIncidents.resolvedAt),
          isNull(delayIncidents.dismissedAt),
          notExists(tx.select({ one: sql`1` }).from(notices).where(sql`${notices.incidentId} = ${delayIncidents.id}`)),
        ),
      )
      .returning({ id: delayIncidents.id, orderId: delayIncidents.orderId, episodeId: delayIncidents.episodeId, kind: delayIncidents.kind, shipmentId: delayIncidents.shipmentId });
    if (rows.length === 0) return { dismissed: 0 };
    const locales = new Map(
      (await tx.select({ id: orders.id, locale: orders.locale }).from(orders).where(inArray(orders.id, [...new Set(rows.map((r) => r.orderId))]))).map((o) => [o.id, o.locale]),
    );
    await tx
      .insert(notices)
      .values(
        rows.map((r) => ({ incidentId: r.id, orderId: r.orderId, episodeId: r.episodeId, locale: locales.get(r.orderId) ?? 'fi', status: 'dismissed' as const, dedupeKey: dismissalDedupeKey(r.id) })),
      )
      .onConflictDoNothing({ target: notices.dedupeKey });
    for (const r of rows) {
      await recordEvent(tx, { actor: ctx.actor, type: 'delay.dismissed', orderId: r.orderId, data: { incidentId: r.id, kind: r.kind, shipmentId: r.shipmentId } });
    }
    return { dismissed: rows.length };
  });
}
