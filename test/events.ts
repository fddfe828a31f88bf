import { and, asc, eq, inArray, type SQL } from 'drizzle-orm';
import type { Db } from '../db';
import { domainEvents, type DomainEventRow } from '../db/schema';
import { EVENT_CATALOG, isEventType } from '../lib/core/events/catalog';

/**
 * The public domain events (what subscribers, webhooks and the events API read; not the audit rows that share
 * the table) written for an order or a case, in log order. Each row's data is checked against its
 * type's schema in the catalogue (a set-based SQL writer must write what recordEvent would).
 */
export async function eventsOf(db: Db, where: { orderId?: string; caseId?: string; types?: string[] }): Promise<DomainEventRow[]> {
  const conditions: SQL[] = [eq(domainEvents.audience, 'public')];
  if (where.orderId) conditions.push(eq(domainEvents.orderId, where.orderId));
  if (where.caseId) conditions.push(eq(domainEvents.caseId, where.caseId));
  if (where.types) conditions.push(inArray(domainEvents.type, where.types));
  const rows = await db.select().from(domainEvents).where(and(...conditions)).orderBy(asc(domainEvents.id));
  for (const row of rows) {
    if (!isEventType(row.type)) throw new Error(`unknown event type ${row.type}`);
    EVENT_CATALOG[row.type].data.parse(row.data);
  }
  return rows;
}

export const typesOf = (rows: DomainEventRow[]) => rows.map((r) => r.type);
