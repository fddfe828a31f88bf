import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { delayIncidents, domainEvents } from '@/db/schema';
import { testDb } from '@/test/db';
import { createDelayOrder, helsinki, type ParcelSpec } from '@/test/delay-factories';
import { DEFAULT_WEEK_HOURS } from '@/lib/sla/calendar';
import { DEFAULT_DELAY_SETTINGS, type DelayKind, delaySettingsSchema } from './settings';
import { businessDayCutoff, businessHoursCutoff, orderIsDispatchLate, type ParcelFacts, parcelDelayKinds, remediesFor, type SweepClock } from './state';
import { sweepDelays } from './sweep-delays';

const db = testDb();
const settings = DEFAULT_DELAY_SETTINGS;
const clock = (now: Date): SweepClock => ({ now, calendar: { timeZone: 'Europe/Helsinki', country: 'FI', hours: DEFAULT_WEEK_HOURS } });

/**
 * The rule table. Each row: a parcel (or an order without one), the moment we look, and the kinds that must
 * hold. Dates around weekends and Finnish holidays: Christmas 2026 (Thu 24 – Sat 26 Dec), Epiphany (Wed 6 Jan 2027),
 * Good Friday / Easter Monday 2026 (3 and 6 Apr), Midsummer Eve (Fri 19 Jun 2026).
 * Defaults: no_first_scan 2 business days (PostNord 3), stalled 3 (PostNord 4), eta 1, exception/failed 0, pickup 2 days.
 */
type Row = { name: string; parcel: ParcelSpec; now: Date; expected: DelayKind[] };
const at = helsinki;
const rows: Row[] = [
  // stalled_in_transit: last scan Tue 22 Dec; business days after it: Wed 23, (24, 25 holidays, 26–27 weekend), Mon 28, Tue 29.
  { name: 'stalled: 2 business days over Christmas is not yet stalled', parcel: { status: 'in_transit', firstScanAt: at('2026-12-21'), lastEventAt: at('2026-12-22', '15:00') }, now: at('2026-12-28', '10:00'), expected: [] },
  { name: 'stalled: the 3rd business day after Christmas is', parcel: { status: 'in_transit', firstScanAt: at('2026-12-21'), lastEventAt: at('2026-12-22', '15:00') }, now: at('2026-12-29', '08:00'), expected: ['stalled_in_transit'] },
  { name: 'stalled: a weekend does not count (Thu scan, Mon look)', parcel: { status: 'in_transit', firstScanAt: at('2026-11-18'), lastEventAt: at('2026-11-19', '23:30') }, now: at('2026-11-23', '12:00'), expected: [] },
  { name: 'stalled: Thu scan, Tue look = 3 business days', parcel: { status: 'out_for_delivery', firstScanAt: at('2026-11-18'), lastEventAt: at('2026-11-19', '23:30') }, now: at('2026-11-24', '00:30'), expected: ['stalled_in_transit'] },
  { name: 'stalled: PostNord waits 4 business days', parcel: { carrier: 'postnord', status: 'in_transit', firstScanAt: at('2026-11-18'), lastEventAt: at('2026-11-19') }, now: at('2026-11-24'), expected: [] },
  { name: 'stalled: PostNord on the 4th business day', parcel: { carrier: 'postnord', status: 'in_transit', firstScanAt: at('2026-11-18'), lastEventAt: at('2026-11-19') }, now: at('2026-11-25'), expected: ['stalled_in_transit'] },
  { name: 'stalled: Easter (Good Friday, Easter Monday) does not count', parcel: { status: 'in_transit', firstScanAt: at('2026-04-01'), lastEventAt: at('2026-04-02') }, now: at('2026-04-08'), expected: [] },
  { name: 'stalled: after Easter, Thu 9 Apr', parcel: { status: 'in_transit', firstScanAt: at('2026-04-01'), lastEventAt: at('2026-04-02') }, now: at('2026-04-09'), expected: ['stalled_in_transit'] },
  { name: 'delivered parcels are never late', parcel: { status: 'delivered', firstScanAt: at('2026-11-02'), lastEventAt: at('2026-11-03'), deliveredAt: at('2026-11-03'), promisedDate: '2026-11-02' }, now: at('2026-11-24'), expected: [] },
  // no_first_scan: the label (shippedAt) on Fri 18 Dec 2026.
  { name: 'no first scan: label Fri, look Tue = 2 business days', parcel: { status: 'info_received', shippedAt: at('2026-12-18'), createdAt: at('2026-12-18') }, now: at('2026-12-22'), expected: ['no_first_scan'] },
  { name: 'no first scan: label Fri, look Mon = 1', parcel: { status: 'info_received', shippedAt: at('2026-12-18'), createdAt: at('2026-12-18') }, now: at('2026-12-21'), expected: [] },
  { name: 'no first scan: label Wed 23 Dec, look Mon 28 = 1 (Christmas)', parcel: { status: 'info_received', shippedAt: at('2026-12-23'), createdAt: at('2026-12-23') }, now: at('2026-12-28'), expected: [] },
  { name: 'no first scan: label Mon 4 Jan 2027, look Thu 7 = 2 (Epiphany Wed)', parcel: { status: 'info_received', shippedAt: at('2027-01-04'), createdAt: at('2027-01-04') }, now: at('2027-01-07'), expected: ['no_first_scan'] },
  // eta_breached: promised Fri 18 Jun 2026 (Midsummer Eve Fri 19 Jun).
  { name: 'eta: the promised day itself is not late', parcel: { status: 'in_transit', firstScanAt: at('2026-06-17'), lastEventAt: at('2026-06-18'), promisedDate: '2026-06-18' }, now: at('2026-06-18', '20:00'), expected: [] },
  { name: 'eta: Midsummer Eve and the weekend do not count', parcel: { status: 'in_transit', firstScanAt: at('2026-06-17'), lastEventAt: at('2026-06-18'), promisedDate: '2026-06-18' }, now: at('2026-06-21'), expected: [] },
  { name: 'eta: Monday after Midsummer is late', parcel: { status: 'in_transit', firstScanAt: at('2026-06-17'), lastEventAt: at('2026-06-19'), promisedDate: '2026-06-18' }, now: at('2026-06-22', '09:00'), expected: ['eta_breached'] },
  { name: 'eta: the carrier ETA counts when the shop promised nothing', parcel: { status: 'in_transit', firstScanAt: at('2026-11-16'), lastEventAt: at('2026-11-20'), carrierEta: '2026-11-20' }, now: at('2026-11-23'), expected: ['eta_breached'] },
  { name: 'eta: at the pickup point is not late', parcel: { status: 'available_for_pickup', firstScanAt: at('2026-11-16'), lastEventAt: at('2026-11-20'), promisedDate: '2026-11-18', pickupDeadline: '2026-11-30' }, now: at('2026-11-23'), expected: [] },
  { name: 'eta + stalled together', parcel: { status: 'in_transit', firstScanAt: at('2026-11-10'), lastEventAt: at('2026-11-11'), promisedDate: '2026-11-13' }, now: at('2026-11-17'), expected: ['stalled_in_transit', 'eta_breached'] },
  // carrier_exception / failed_attempt: at once (threshold 0), any day.
  { name: 'exception opens at once, even on a Sunday', parcel: { status: 'exception', subStatus: 'customs', firstScanAt: at('2026-11-20'), lastEventAt: at('2026-11-22', '10:00') }, now: at('2026-11-22', '10:05'), expected: ['carrier_exception'] },
  { name: 'failed attempt opens at once', parcel: { status: 'failed_attempt', firstScanAt: at('2026-11-20'), lastEventAt: at('2026-11-23', '14:00') }, now: at('2026-11-23', '14:01'), expected: ['failed_attempt'] },
  // pickup_expiring: 2 calendar days before the last collection day (pickup points open at weekends).
  { name: 'pickup: 3 days left is fine', parcel: { status: 'available_for_pickup', firstScanAt: at('2026-11-16'), lastEventAt: at('2026-11-18'), pickupDeadline: '2026-11-26' }, now: at('2026-11-23'), expected: [] },
  { name: 'pickup: 2 days left is expiring', parcel: { status: 'available_for_pickup', firstScanAt: at('2026-11-16'), lastEventAt: at('2026-11-18'), pickupDeadline: '2026-11-25' }, now: at('2026-11-23'), expected: ['pickup_expiring'] },
  { name: 'pickup: no deadline from the carrier → last scan + 7 holding days', parcel: { status: 'available_for_pickup', firstScanAt: at('2026-11-14'), lastEventAt: at('2026-11-16') }, now: at('2026-11-21'), expected: ['pickup_expiring'] },
  { name: 'pickup: DHL holds 14 days', parcel: { carrier: 'dhl', status: 'available_for_pickup', firstScanAt: at('2026-11-14'), lastEventAt: at('2026-11-16') }, now: at('2026-11-21'), expected: [] },
];

function facts(p: ParcelSpec): ParcelFacts {
  return {
    carrier: p.carrier ?? 'posti',
    status: (p.status ?? 'info_received') as ParcelFacts['status'],
    subStatus: p.subStatus ?? null,
    createdAt: (p.createdAt as Date | undefined) ?? new Date(),
    shippedAt: (p.shippedAt as Date | undefined) ?? null,
    firstScanAt: (p.firstScanAt as Date | undefined) ?? null,
    lastEventAt: (p.lastEventAt as Date | undefined) ?? null,
    promisedDate: p.promisedDate ?? null,
    carrierEta: p.carrierEta ?? null,
    predictedDate: p.predictedDate ?? null,
    pickupDeadline: p.pickupDeadline ?? null,
  };
}

describe('delay rules (pure)', () => {
  for (const row of rows) {
    it(row.name, () => {
      expect(parcelDelayKinds(facts(row.parcel), settings, clock(row.now)).sort()).toEqual([...row.expected].sort());
    });
  }

  it('dispatch_late counts business hours (Mon–Fri 8–16, holidays off): 16 h = two full working days', () => {
    const placed = at('2026-12-23', '12:00'); // Wed noon before Christmas: 4 h that day, then Mon 28 and Tue 29
    const order = { placedAt: placed, canceled: false, hasOutboundShipment: false };
    expect(orderIsDispatchLate(order, settings, clock(at('2026-12-29', '11:59')))).toBe(false);
    expect(orderIsDispatchLate(order, settings, clock(at('2026-12-29', '12:00')))).toBe(true);
    expect(orderIsDispatchLate({ ...order, hasOutboundShipment: true }, settings, clock(at('2026-12-30')))).toBe(false);
    expect(orderIsDispatchLate({ ...order, canceled: true }, settings, clock(at('2026-12-30')))).toBe(false);
    expect(businessHoursCutoff(at('2026-12-29', '12:00'), 16, clock(new Date()).calendar)).toEqual(placed);
  });

  it('business-day cut-offs step over weekends and holidays', () => {
    expect(businessDayCutoff('2026-12-28', 1, 'FI')).toBe('2026-12-27'); // a since-date on Sun 27 has one business day (Mon 28) behind it
    expect(businessDayCutoff('2026-12-29', 3, 'FI')).toBe('2026-12-22');
    expect(businessDayCutoff('2026-11-24', 0, 'FI')).toBe('2026-11-24');
  });

  it('remedies: the shop’s list plus the legal minimum', () => {
    const none = delaySettingsSchema.parse({ remedies: Object.fromEntries(Object.keys(settings.remedies).map((k) => [k, []])) });
    // Late delivery: cancellation is always there (KSL ch. 5), and keep waiting with it.
    expect(remediesFor({ kind: 'eta_breached', lost: false, businessDaysWithoutScan: 1 }, none)).toEqual(['keep_waiting', 'cancel_refund']);
    expect(remediesFor({ kind: 'stalled_in_transit', lost: false, businessDaysWithoutScan: 3 }, none)).toEqual(['keep_waiting', 'cancel_refund']);
    // No scan for replacementAfterBusinessDays (5): a replacement too.
    expect(remediesFor({ kind: 'stalled_in_transit', lost: false, businessDaysWithoutScan: 5 }, none)).toEqual(['keep_waiting', 'replacement', 'cancel_refund']);
    // Lost: replacement or refund, never "wait".
    expect(remediesFor({ kind: 'carrier_exception', lost: true, businessDaysWithoutScan: 0 }, settings)).toEqual(['replacement', 'cancel_refund']);
    // Not late, not lost: only what the shop offers (none by default for a pickup reminder).
    expect(remediesFor({ kind: 'pickup_expiring', lost: false, businessDaysWithoutScan: 0 }, settings)).toEqual([]);
    expect(remediesFor({ kind: 'eta_breached', lost: false, businessDaysWithoutScan: 1 }, settings)).toEqual(['keep_waiting', 'keep_waiting_with_discount', 'cancel_refund']);
  });
});

describe('the SQL sweep gives the rule table’s answers', () => {
  for (const row of rows) {
    it(row.name, async () => {
      const { orderId, shipmentIds } = await createDelayOrder(db, { placedAt: at('2026-01-01'), parcels: [{ createdAt: at('2026-01-01'), ...row.parcel }] });
      await sweepDelays(db, row.now, { orderIds: [orderId] });
      const open = await db.select().from(delayIncidents).where(eq(delayIncidents.orderId, orderId));
      expect(open.map((i) => i.kind).sort()).toEqual([...row.expected].sort());
      expect(open.every((i) => i.shipmentId === shipmentIds[0] && i.resolvedAt === null)).toBe(true);
    });
  }

  it('a parcel awaiting the shop (an exchange or reship without its tracking number yet) is never late at a carrier', async () => {
    // The same facts as the first row, which opens no_first_scan for a parcel with a carrier's number.
    const parcel = { status: 'info_received' as const, shippedAt: null, createdAt: at('2026-12-18') };
    const { orderId: pendingOrder } = await createDelayOrder(db, { placedAt: at('2026-12-01'), parcels: [{ ...parcel, trackingNumber: `PENDING-R-${Date.now()}` }] });
    const { orderId: realOrder } = await createDelayOrder(db, { placedAt: at('2026-12-01'), parcels: [parcel] });
    await sweepDelays(db, at('2026-12-22'), { orderIds: [pendingOrder, realOrder] });
    expect(await db.select().from(delayIncidents).where(eq(delayIncidents.orderId, pendingOrder))).toEqual([]);
    expect((await db.select().from(delayIncidents).where(eq(delayIncidents.orderId, realOrder))).map((i) => i.kind)).toEqual(['no_first_scan']);
  });

  it('dispatch_late: opens after 16 business hours without a parcel, closes when the parcel exists', async () => {
    const { orderId } = await createDelayOrder(db, { placedAt: at('2026-12-23', '12:00') });
    expect((await sweepDelays(db, at('2026-12-29', '11:00'), { orderIds: [orderId] })).opened.dispatch_late).toBe(0);
    expect((await sweepDelays(db, at('2026-12-29', '12:30'), { orderIds: [orderId] })).opened.dispatch_late).toBe(1);
    const [incident] = await db.select().from(delayIncidents).where(eq(delayIncidents.orderId, orderId));
    expect(incident).toMatchObject({ kind: 'dispatch_late', shipmentId: null, resolvedAt: null });
    const { shipments } = await import('@/db/schema');
    await db.insert(shipments).values({ orderId, carrier: 'posti', trackingNumber: `JJFI${orderId.slice(0, 8)}X`, status: 'info_received' });
    const second = await sweepDelays(db, at('2026-12-29', '13:00'), { orderIds: [orderId] });
    expect(second.closed.dispatch_late).toBe(1);
    const [closed] = await db.select().from(delayIncidents).where(eq(delayIncidents.id, incident!.id));
    expect(closed).toMatchObject({ closedReason: 'shipped' });
    expect(closed!.resolvedAt).not.toBeNull();
  });

  it('one open incident per parcel and kind; repeat sweeps change nothing; the episode closes when a scan arrives, a new one opens later', async () => {
    const { orderId, shipmentIds } = await createDelayOrder(db, {
      placedAt: at('2026-11-10'),
      parcels: [{ status: 'in_transit', firstScanAt: at('2026-11-10'), lastEventAt: at('2026-11-11') }],
    });
    const first = await sweepDelays(db, at('2026-11-17'), { orderIds: [orderId] });
    expect(first.opened.stalled_in_transit).toBe(1);
    const again = await sweepDelays(db, at('2026-11-17', '13:00'), { orderIds: [orderId] });
    expect(again.opened.stalled_in_transit + again.closed.stalled_in_transit).toBe(0);
    const { shipments } = await import('@/db/schema');
    await db.update(shipments).set({ lastEventAt: at('2026-11-17', '14:00') }).where(eq(shipments.id, shipmentIds[0]!));
    const cleared = await sweepDelays(db, at('2026-11-17', '15:00'), { orderIds: [orderId] });
    expect(cleared.closed.stalled_in_transit).toBe(1);
    const reopened = await sweepDelays(db, at('2026-11-23'), { orderIds: [orderId] });
    expect(reopened.opened.stalled_in_transit).toBe(1);
    const all = await db.select().from(delayIncidents).where(eq(delayIncidents.orderId, orderId));
    expect(all).toHaveLength(2);
    expect(all.filter((i) => i.resolvedAt === null)).toHaveLength(1);
    expect(all.find((i) => i.resolvedAt !== null)!.closedReason).toBe('condition_cleared');
    const trail = await db.select({ type: domainEvents.type }).from(domainEvents).where(eq(domainEvents.orderId, orderId));
    expect(trail.map((a) => a.type).sort()).toEqual(['delay.closed', 'delay.detected', 'delay.detected']);
  });
});
