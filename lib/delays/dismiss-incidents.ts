// PLACEHOLDER for contract A (owner: delays) — replaced by the delays engineer's file at merge.
import { and, eq, inArray, isNull } from 'drizzle-orm';
import { delayIncidents, shipments } from '@/db/schema';
import type { Ctx } from '@/lib/auth/actor';
import { recordCaseEvent } from '@/lib/cases/record-case-event';
import { AppError } from '@/lib/errors';

export async function dismissIncidents(ctx: Ctx, input: { incidentIds: string[] }): Promise<{ dismissed: number }> {
  if (ctx.actor.type !== 'staff') throw new AppError('forbidden');
  const ids = [...new Set(input.incidentIds)];
  if (ids.length === 0) return { dismissed: 0 };
  return ctx.db.transaction(async (tx) => {
    const rows = await tx
      .update(delayIncidents)
      .set({ dismissedAt: new Date() })
      .where(and(inArray(delayIncidents.id, ids), isNull(delayIncidents.resolvedAt), isNull(delayIncidents.dismissedAt)))
      .returning({ id: delayIncidents.id, kind: delayIncidents.kind, shipmentId: delayIncidents.shipmentId });
    for (const row of rows) {
      const [s] = await tx.select({ orderId: shipments.orderId }).from(shipments).where(eq(shipments.id, row.shipmentId));
      await recordCaseEvent(tx, { actor: ctx.actor, type: 'delay.dismissed', orderId: s?.orderId ?? null, data: { incidentId: row.id, kind: row.kind } });
    }
    return { dismissed: rows.length };
  });
}
