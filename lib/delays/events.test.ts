import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { delayIncidents, domainEvents, notices } from '@/db/schema';
import { EVENT_CATALOG, isEventType } from '@/lib/core/events';
import { testDb, uniqueId } from '@/test/db';
import { createDelayOrder, createNoticedOrder } from '@/test/delay-factories';
import { eventsOf, typesOf } from '@/test/events';
import { chooseRemedy } from './choose-remedy';
import { sendNotices } from './send-notices';
import { sweepDelays } from './sweep-delays';

const db = testDb();
const days = (n: number) => new Date(Date.now() - n * 86_400_000);
/** One parcel stalled in transit for 12 days: the sweep opens a stalled_in_transit incident. */
const stalledOrder = () =>
  createDelayOrder(db, {
    placedAt: days(14),
    parcels: [{ carrier: 'matkahuolto', status: 'in_transit', shippedAt: days(13), firstScanAt: days(13), lastEventAt: days(12) }],
  });

describe('delay domain events', () => {
  it('the sweep writes delay.detected per opened incident (set-based, in its one statement); a second sweep writes none', async () => {
    const order = await stalledOrder();
    await sweepDelays(db, new Date(), { orderIds: [order.orderId] });
    const [incident] = await db.select().from(delayIncidents).where(eq(delayIncidents.orderId, order.orderId));
    const events = await eventsOf(db, { orderId: order.orderId, types: ['delay.detected'] });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ actorType: 'system', aggregateType: 'delay', aggregateId: incident!.id });
    expect(events[0]!.data).toEqual({ incidentId: incident!.id, shipmentId: order.shipmentIds[0], orderId: order.orderId, kind: 'stalled_in_transit' });
    await sweepDelays(db, new Date(), { orderIds: [order.orderId] });
    expect(await eventsOf(db, { orderId: order.orderId, types: ['delay.detected'] })).toHaveLength(1);
  });

  it('the sweep\'s rows (the one set-based writer) are one per change, of catalogued types whose data matches the catalog schema', async () => {
    const order = await stalledOrder();
    await sweepDelays(db, new Date(), { orderIds: [order.orderId] });
    const rows = await db.select().from(domainEvents).where(eq(domainEvents.orderId, order.orderId));
    // The opened incident is one row, its delay.detected event (no audit row beside it any more).
    expect(rows.map((r) => r.type)).toEqual(['delay.detected']);
    for (const row of rows) {
      expect(isEventType(row.type)).toBe(true);
      if (isEventType(row.type)) expect(EVENT_CATALOG[row.type].data.safeParse(row.data).success).toBe(true);
    }
  });

  it('sending a notice writes delay.notice_sent; a second send of the same incident writes none', async () => {
    const { order, noticeId, incidentId } = await createNoticedOrder(db);
    const sent = await eventsOf(db, { orderId: order.id, types: ['delay.notice_sent'] });
    expect(sent).toHaveLength(1);
    expect(sent[0]!.data).toMatchObject({ noticeId, incidentId, orderId: order.id });
    await sendNotices({ db, actor: { type: 'system' } }, { incidentIds: [incidentId] });
    expect(await eventsOf(db, { orderId: order.id, types: ['delay.notice_sent'] })).toHaveLength(1);
  });

  it('choosing a remedy writes delay.remedy_chosen (and case.opened); a second choice is refused and writes nothing', async () => {
    const { order, incidentId, noticeId, token } = await createNoticedOrder(db);
    const ctx = { db, clientKey: uniqueId('ip') };
    await chooseRemedy(ctx, { token, remedy: 'keep_waiting' });
    const [notice] = await db.select().from(notices).where(eq(notices.id, noticeId));
    expect(notice!.remedyChosen).toBe('keep_waiting');
    const types = ['delay.remedy_chosen', 'case.opened'];
    const events = await eventsOf(db, { orderId: order.id, types });
    expect(typesOf(events).sort()).toEqual(['case.opened', 'delay.remedy_chosen']);
    expect(events.find((e) => e.type === 'delay.remedy_chosen')).toMatchObject({ actorType: 'customer', data: { incidentId, orderId: order.id, remedy: 'keep_waiting' } });
    await expect(chooseRemedy(ctx, { token, remedy: 'cancel_refund' })).rejects.toThrow();
    expect(await eventsOf(db, { orderId: order.id, types })).toHaveLength(2);
  });
});
