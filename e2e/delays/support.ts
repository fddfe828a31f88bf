import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db';
import { delayIncidents, notices, outbox, settings, shipments } from '../../db/schema';
import { readDelaySettings } from '../../lib/delays/settings';
import { sweepDelays } from '../../lib/delays/sweep-delays';
import { sendPendingNotices } from '../../lib/delays/run-delay-cycle';

export { stallParcel } from '../../test/delay-factories';

/** The policies these specs rely on: stalled parcels wait for staff, a passed date goes out at once. */
export async function ensurePolicies(db: Db): Promise<void> {
  const current = await readDelaySettings(db);
  const value = { ...current, sendPolicy: { ...current.sendPolicy, stalled_in_transit: 'manual', eta_breached: 'auto' } };
  await db.insert(settings).values({ key: 'delays', value }).onConflictDoUpdate({ target: settings.key, set: { value } });
}

/** The worker's cycle, as far as these specs need it: one sweep, then the notices of automatic kinds. */
export async function sweep(db: Db) {
  const result = await sweepDelays(db);
  await sendPendingNotices(db);
  return result;
}

export async function incidentOf(db: Db, shipmentId: string, kind: 'stalled_in_transit' | 'eta_breached') {
  const [row] = await db
    .select()
    .from(delayIncidents)
    .where(and(eq(delayIncidents.shipmentId, shipmentId), eq(delayIncidents.kind, kind)));
  return row ?? null;
}

/** The notices that went out as email for an order (a dismissed incident keeps a `dismissed` notice row, no email). */
export async function noticeMail(db: Db, orderId: string) {
  return db
    .select({ notice: notices, mail: outbox })
    .from(notices)
    .leftJoin(outbox, eq(outbox.id, notices.outboxId))
    .where(and(eq(notices.orderId, orderId), sql`${notices.status} <> 'dismissed'`));
}

/**
 * A parcel whose promised date passed a week ago without delivery (eta_breached). A week, not a day: the
 * threshold counts business days, so "yesterday" is not yet late on a Saturday or after a holiday.
 */
export async function breachParcel(db: Db, orderId: string): Promise<string> {
  const [row] = await db
    .update(shipments)
    .set({ status: 'in_transit', lastEventAt: new Date(), promisedDate: sql`current_date - 7`, pickupPoint: null, pickupDeadline: null })
    .where(and(eq(shipments.orderId, orderId), eq(shipments.carrier, 'matkahuolto')))
    .returning({ id: shipments.id });
  return row!.id;
}
