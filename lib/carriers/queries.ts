import { and, desc, eq, gte, max, sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db';
import { trackingEvents } from '@/db/schema';
import type { CarrierId } from '@/lib/core/enums';

export type UnmappedCodeCount = { carrier: CarrierId; code: string; count: number; lastSeenAt: Date; sampleText: string | null };

/** Carrier codes the adapters did not know, most frequent first (the work list for mapping tables). */
export async function countUnmappedCodes(db: DbOrTx, options: { since?: Date; carrier?: CarrierId } = {}): Promise<UnmappedCodeCount[]> {
  const conditions = [eq(trackingEvents.unmappedCode, true)];
  if (options.since) conditions.push(gte(trackingEvents.receivedAt, options.since));
  if (options.carrier) conditions.push(eq(trackingEvents.carrier, options.carrier));
  const count = sql<number>`count(*)::int`;
  const rows = await db
    .select({
      carrier: trackingEvents.carrier,
      code: sql<string>`coalesce(${trackingEvents.carrierCode}, '')`,
      count,
      lastSeenAt: max(trackingEvents.occurredAt),
      sampleText: sql<string | null>`(array_agg(${trackingEvents.description} order by ${trackingEvents.occurredAt} desc))[1]`,
    })
    .from(trackingEvents)
    .where(and(...conditions))
    .groupBy(trackingEvents.carrier, sql`coalesce(${trackingEvents.carrierCode}, '')`)
    .orderBy(desc(count), trackingEvents.carrier);
  return rows.map((r) => ({ ...r, lastSeenAt: r.lastSeenAt ?? new Date(0) }));
}
