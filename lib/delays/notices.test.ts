import { and, eq, inArray } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { caseEvents, caseMessages, domainEvents, cases, delayIncidents, notices, outbox, trackingEvents } from '@/db/schema';
import { submitClaim } from '@/lib/claims/submit-claim';
import { ingestEvents } from '@/lib/tracking/ingest-events';
import { testDb, uniqueId } from '@/test/db';
import { createDelayOrder } from '@/test/delay-factories';
import { runSubscriberFor } from '@/test/subscribers';
import { shipmentDelayCheckSubscriber } from './subscribers';
import { dismissIncidents } from './dismiss-incidents';
import { escalateIncidents } from './escalate-incidents';
import { composeDelayNotice, renderDelayNotice } from './notice-email';
import { hashRemedyToken } from './remedy-token';
import { sendPendingNotices } from './run-delay-cycle';
import { sendNotices } from './send-notices';
import { DEFAULT_DELAY_SETTINGS, DELAY_KINDS, readDelaySettings, saveDelaySettings } from './settings';
import { sweepDelays } from './sweep-delays';

const db = testDb();
const system = { db, actor: { type: 'system' as const } };
const staff = { db, actor: { type: 'staff' as const, staffId: '00000000-0000-4000-8000-000000000001', role: 'agent' as const } };
// Settings are the admins' business (saveSetting refuses anyone else).
const admin = { db, actor: { ...staff.actor, role: 'admin' as const } };
const days = (n: number) => new Date(Date.now() - n * 86_400_000);

/** An order whose parcel has had no scan for 12 calendar days (≥ 8 business days whatever today is). */
async function stalledOrder(locale: 'fi' | 'sv' | 'en' | 'da' | 'nb' = 'sv', extra: Parameters<typeof createDelayOrder>[1]['parcels'] = []) {
  const order = await createDelayOrder(db, {
    locale,
    placedAt: days(14),
    parcels: [{ carrier: 'postnord', status: 'in_transit', shippedAt: days(13), firstScanAt: days(13), lastEventAt: days(12), promisedDate: days(10).toISOString().slice(0, 10) }, ...(extra ?? [])],
  });
  await db.insert(trackingEvents).values([
    { shipmentId: order.shipmentIds[0]!, carrier: 'postnord', trackingNumber: `JJFI${order.orderNumber}0`, status: 'in_transit', description: 'Sorterad', location: 'Malmö', occurredAt: days(13), source: 'seed', dedupeKey: uniqueId('ev') },
    { shipmentId: order.shipmentIds[0]!, carrier: 'postnord', trackingNumber: `JJFI${order.orderNumber}0`, status: 'in_transit', description: 'På väg', location: 'Stockholm', occurredAt: days(12), source: 'seed', dedupeKey: uniqueId('ev') },
  ]);
  await sweepDelays(db, new Date(), { orderIds: [order.orderId] });
  const incidents = await db.select().from(delayIncidents).where(eq(delayIncidents.orderId, order.orderId));
  return { ...order, incidents };
}

describe('delay notices', () => {
  it('a stalled parcel → incident → one notice email in the customer’s language (Swedish) with the remedy and tracking links', async () => {
    const { orderId, orderNumber, email, incidents } = await stalledOrder('sv');
    const stalled = incidents.find((i) => i.kind === 'stalled_in_transit')!;
    expect(incidents.map((i) => i.kind).sort()).toEqual(['eta_breached', 'stalled_in_transit']);

    expect(await sendNotices(system, { incidentIds: [stalled.id] })).toEqual({ queued: 1, skipped: 0 });
    const [notice] = await db.select().from(notices).where(eq(notices.incidentId, stalled.id));
    expect(notice).toMatchObject({ locale: 'sv', status: 'queued', dedupeKey: `delay-notice:${stalled.episodeId}`, episodeId: stalled.episodeId, channel: 'email' });
    // 12 days without a scan is past replacementAfterBusinessDays (5): replacement on offer, and the legal cancel.
    expect(notice!.remediesOffered).toEqual(['keep_waiting', 'keep_waiting_with_discount', 'replacement', 'cancel_refund']);
    expect(notice!.remedyTokenHash).toMatch(/^[0-9a-f]{64}$/);

    const [mail] = await db.select().from(outbox).where(eq(outbox.id, notice!.outboxId!));
    expect(mail).toMatchObject({ kind: 'email.delay.stalled_in_transit', dedupeKey: `delay-notice:${stalled.episodeId}`, recipient: email, locale: 'sv' });
    expect(mail!.subject).toBe(`Paketet för din beställning ${orderNumber} är försenat`);
    const text = mail!.payload.text;
    expect(text).toContain('PostNord har inte skannat ditt paket sedan');
    expect(text).toContain('Du behöver inte själv kontakta transportören');
    expect(text).toContain('Avbryt och få pengarna tillbaka för det som inte har levererats');
    // The remedy link's token is stored only as its hash; the tracking link is a /t/ link.
    const token = /\/sv\/delays\/([A-Za-z0-9_-]{43})/.exec(text)?.[1];
    expect(token).toBeDefined();
    expect(hashRemedyToken(token!)).toBe(notice!.remedyTokenHash);
    expect(text).not.toContain(notice!.remedyTokenHash!);
    expect(text).toMatch(/\/t\/[A-Za-z0-9_-]{43}/);
    // A service message: no promotion.
    expect(mail!.payload.html).not.toMatch(/newsletter|nyhetsbrev|rabattkod|discount code|recommend/i);

    // One row for the notice: delay.notice_sent carries the staff facts (locale, subject) beside the public ones.
    const audit = await db.select().from(domainEvents).where(and(eq(domainEvents.orderId, orderId), inArray(domainEvents.type, ['delay.notice_sent', 'delay.notice_queued'])));
    expect(audit.map((row) => row.type)).toEqual(['delay.notice_sent']);
    expect(audit[0]!.data).toMatchObject({ incidentId: stalled.id, locale: 'sv' });

    // Sending again (staff clicking twice, a retried job) queues nothing.
    expect(await sendNotices(system, { incidentIds: [stalled.id] })).toEqual({ queued: 0, skipped: 1 });
  });

  it('exactly once under concurrent sendNotices calls (several workers): one notice and one email per parcel episode', async () => {
    const orders = await Promise.all([stalledOrder('fi'), stalledOrder('en'), stalledOrder('nb')]);
    // Each parcel is both stalled and past its date: two incidents, one episode.
    const ids = orders.flatMap((o) => o.incidents.map((i) => i.id));
    const episodes = [...new Set(orders.flatMap((o) => o.incidents.map((i) => i.episodeId)))];
    expect(ids).toHaveLength(6);
    expect(episodes).toHaveLength(3);
    const results = await Promise.all(Array.from({ length: 6 }, (_, n) => sendNotices(system, { incidentIds: n % 2 ? [...ids].reverse() : ids })));
    expect(results.reduce((sum, r) => sum + r.queued, 0)).toBe(episodes.length);
    const rows = await db.select().from(notices).where(inArray(notices.incidentId, ids));
    expect(rows).toHaveLength(episodes.length);
    const mails = await db.select().from(outbox).where(inArray(outbox.dedupeKey, episodes.map((id) => `delay-notice:${id}`)));
    expect(mails).toHaveLength(episodes.length);
    expect(new Set(mails.map((m) => m.locale))).toEqual(new Set(['fi', 'en', 'nb']));
  });

  it('dismissed incidents get no notice, now or later; dismissing is audited', async () => {
    const { orderId, incidents } = await stalledOrder('en');
    const ids = incidents.map((i) => i.id);
    expect(await dismissIncidents(staff, { incidentIds: [...ids, 'not-a-uuid'] })).toEqual({ dismissed: ids.length });
    expect(await dismissIncidents(staff, { incidentIds: ids })).toEqual({ dismissed: 0 });
    expect(await sendNotices(staff, { incidentIds: ids })).toEqual({ queued: 0, skipped: ids.length });
    expect(await sendPendingNotices(db, { orderIds: [orderId] })).toEqual({ queued: 0, skipped: 0 });
    const rows = await db.select().from(notices).where(inArray(notices.incidentId, ids));
    expect(rows.map((r) => r.status)).toEqual(ids.map(() => 'dismissed'));
    expect(await db.select().from(outbox).where(eq(outbox.orderId, orderId))).toHaveLength(0);
    const audit = await db.select().from(caseEvents).where(and(eq(caseEvents.orderId, orderId), eq(caseEvents.type, 'delay.dismissed')));
    expect(audit).toHaveLength(ids.length);
    expect(audit[0]!.actorType).toBe('staff');
    // Still open (no new incident for the same episode on the next sweep).
    const again = await sweepDelays(db, new Date(), { orderIds: [orderId] });
    expect(Object.values(again.opened).reduce((a, b) => a + b, 0)).toBe(0);
  });

  it('auto-send policy: auto kinds go out on their own, manual ones (carrier_exception) wait until the shop switches them to auto', async () => {
    const order = await createDelayOrder(db, {
      locale: 'da',
      placedAt: days(14),
      parcels: [
        { status: 'failed_attempt', firstScanAt: days(3), lastEventAt: days(1) },
        { status: 'exception', subStatus: 'address_issue', firstScanAt: days(3), lastEventAt: days(1) },
      ],
    });
    await sweepDelays(db, new Date(), { orderIds: [order.orderId] });
    const incidents = await db.select().from(delayIncidents).where(eq(delayIncidents.orderId, order.orderId));
    expect(incidents.map((i) => i.kind).sort()).toEqual(['carrier_exception', 'failed_attempt']);
    expect(await sendPendingNotices(db, { orderIds: [order.orderId] })).toEqual({ queued: 1, skipped: 0 });
    const sent = await db.select({ incidentId: notices.incidentId }).from(notices).where(eq(notices.orderId, order.orderId));
    expect(sent.map((s) => s.incidentId)).toEqual([incidents.find((i) => i.kind === 'failed_attempt')!.id]);

    const before = await readDelaySettings(db);
    try {
      await saveDelaySettings(admin, { ...before, sendPolicy: { ...before.sendPolicy, carrier_exception: 'auto' } });
      expect(await sendPendingNotices(db, { orderIds: [order.orderId] })).toEqual({ queued: 1, skipped: 0 });
    } finally {
      await saveDelaySettings(admin, before);
    }
    const [mail] = await db.select().from(outbox).where(eq(outbox.dedupeKey, `delay-notice:${incidents.find((i) => i.kind === 'carrier_exception')!.episodeId}`));
    expect(mail!.subject).toBe(`Et problem med leveringen af ordre ${order.orderNumber}`);
    expect(mail!.payload.text).toContain('adressen');
  });

  it('saveDelaySettings validates (nothing saved on bad input) and audits the change', async () => {
    const before = await readDelaySettings(db);
    await expect(saveDelaySettings(admin, { ...before, discountPercent: 250 })).rejects.toThrow();
    expect(await readDelaySettings(db)).toEqual(before);
    expect(DEFAULT_DELAY_SETTINGS.sendPolicy.carrier_exception).toBe('manual');
  });

  it('renders every kind in all five languages: no raw keys, no unfilled placeholders, the remedies listed', async () => {
    for (const locale of ['fi', 'sv', 'en', 'da', 'nb'] as const) {
      for (const kind of DELAY_KINDS) {
        for (const subStatus of kind === 'carrier_exception' ? ['lost', 'customs'] : [null]) {
          const c = await composeDelayNotice(
            {
              incidentId: 'x', orderId: 'y', kind, locale, to: 'a@example.com', customerName: 'Selma Lindqvist', orderNumber: 'K-1001',
              shop: { name: 'Kuusikoivu', timeZone: 'Europe/Helsinki', accentColor: '#1f5f4a', country: 'FI' },
              carrier: kind === 'dispatch_late' ? null : 'Posti', trackingNumber: kind === 'dispatch_late' ? null : 'JJFI1', subStatus,
              date: '2026-12-22', newEstimate: kind === 'eta_breached' ? '2026-12-30' : null, pickupPoint: 'K-Market', remedies: ['keep_waiting', 'keep_waiting_with_discount', 'cancel_refund'], discountPercent: 10,
            },
            { remedyUrl: 'https://shop.example/x', trackingUrl: 'https://shop.example/t/y' },
          );
          for (const part of [c.subject, c.text, c.html]) expect(part, `${locale} ${kind}`).not.toMatch(/delayNotice\.|\{\w+\}|undefined/);
          expect(c.text).toContain('https://shop.example/x');
          expect(c.text).toContain('10');
          expect(c.html).toContain('lang="');
        }
      }
    }
  });

  it('an unknown or malformed incident id is not_found, never a 500', async () => {
    await expect(renderDelayNotice(db, 'nope')).rejects.toMatchObject({ code: 'not_found' });
    await expect(renderDelayNotice(db, '00000000-0000-4000-8000-000000000000')).rejects.toMatchObject({ code: 'not_found' });
    expect(await sendNotices(system, { incidentIds: ['nope', '00000000-0000-4000-8000-000000000000'] })).toEqual({ queued: 0, skipped: 2 });
  });

  it('renders the pickup reminder from the database in the order’s language', async () => {
    const order = await createDelayOrder(db, {
      locale: 'fi',
      placedAt: days(10),
      parcels: [{ status: 'available_for_pickup', firstScanAt: days(6), lastEventAt: days(6), pickupDeadline: days(-1).toISOString().slice(0, 10), pickupPoint: { name: 'K-Market Kallio' } }],
    });
    await sweepDelays(db, new Date(), { orderIds: [order.orderId] });
    const [incident] = await db.select().from(delayIncidents).where(eq(delayIncidents.orderId, order.orderId));
    const notice = await renderDelayNotice(db, incident!.id);
    expect(notice.locale).toBe('fi');
    expect(notice.subject).toMatch(/^Nouda tilauksesi .* viimeistään \d+\. \p{L}+ \d{4}$/u);
    expect(notice.paragraphs).toContain('Noutopiste: K-Market Kallio');
    expect(notice.text).not.toMatch(/delayNotice\.|\{\w+\}/);
  });
});

describe('the check on each tracking event', () => {
  it('an exception event opens carrier_exception once its status change is handled (twice: still one); a delivery closes everything', async () => {
    const order = await createDelayOrder(db, { placedAt: days(5), parcels: [{ carrier: 'posti', status: 'in_transit', firstScanAt: days(2), lastEventAt: days(2) }] });
    const trackingNumber = `JJFI${order.orderNumber}0`;
    await ingestEvents(db, [{ carrier: 'posti', trackingNumber, status: 'exception', subStatus: 'damaged', occurredAt: new Date(Date.now() - 60_000), eventId: uniqueId('x') }], 'simulate');
    // The check follows the status change from the event log (the worker's subscriber), not inside ingest.
    expect(await db.select().from(delayIncidents).where(eq(delayIncidents.orderId, order.orderId))).toEqual([]);
    await runSubscriberFor(db, shipmentDelayCheckSubscriber, order.orderId);
    await runSubscriberFor(db, shipmentDelayCheckSubscriber, order.orderId);
    const open = await db.select().from(delayIncidents).where(eq(delayIncidents.orderId, order.orderId));
    expect(open.map((i) => [i.kind, i.resolvedAt])).toEqual([['carrier_exception', null]]);
    await ingestEvents(db, [{ carrier: 'posti', trackingNumber, status: 'delivered', occurredAt: new Date(), eventId: uniqueId('d') }], 'simulate');
    await runSubscriberFor(db, shipmentDelayCheckSubscriber, order.orderId);
    const [closed] = await db.select().from(delayIncidents).where(eq(delayIncidents.id, open[0]!.id));
    expect(closed!.resolvedAt).not.toBeNull();
    expect(closed!.closedReason).toBe('delivered');
  });
});

describe('escalation', () => {
  it('an incident open past escalateAfterBusinessDays opens a delivery_issue case with SLA, the tracking history and what the customer was told', async () => {
    const { orderId, orderNumber, incidents } = await stalledOrder('sv');
    const stalled = incidents.find((i) => i.kind === 'stalled_in_transit')!;
    await sendNotices(system, { incidentIds: [stalled.id] });
    // Not yet: opened just now.
    expect((await escalateIncidents(db, new Date(), { orderIds: [orderId] })).escalated).toBe(0);
    await db.update(delayIncidents).set({ openedAt: days(8) }).where(eq(delayIncidents.orderId, orderId));
    const r = await escalateIncidents(db, new Date(), { orderIds: [orderId] });
    expect(r).toMatchObject({ escalated: 2, casesOpened: 1, investigations: 0 });
    const [theCase] = await db.select().from(cases).where(eq(cases.orderId, orderId));
    expect(theCase).toMatchObject({ type: 'delivery_issue', status: 'open', locale: 'sv' });
    expect(theCase!.resolutionDueAt).not.toBeNull();
    expect(theCase!.subject).toContain(orderNumber);
    const [note] = await db.select().from(caseMessages).where(eq(caseMessages.caseId, theCase!.id));
    expect(note!.kind).toBe('internal_note');
    expect(note!.body).toContain('Tracking history:');
    expect(note!.body).toContain('Stockholm');
    expect(note!.body).toContain('Malmö');
    expect(note!.body).toContain(`“Paketet för din beställning ${orderNumber} är försenat”`);
    // The eta incident is the same parcel's episode: what the customer was told is that one notice, not "nothing".
    expect(note!.body).not.toContain('The customer has not been sent a notice about this.');
    expect(note!.body.split(`“Paketet för din beställning ${orderNumber} är försenat”`)).toHaveLength(3);
    const linked = await db.select().from(delayIncidents).where(eq(delayIncidents.orderId, orderId));
    expect(linked.every((i) => i.caseId === theCase!.id && i.escalatedAt !== null)).toBe(true);
    // Idempotent: a second run does nothing.
    expect((await escalateIncidents(db, new Date(), { orderIds: [orderId] })).escalated).toBe(0);
  });

  it('a lost parcel escalates at once and opens a carrier investigation on the case', async () => {
    const order = await createDelayOrder(db, { placedAt: days(6), parcels: [{ status: 'exception', subStatus: 'lost', firstScanAt: days(4), lastEventAt: days(1) }] });
    await sweepDelays(db, new Date(), { orderIds: [order.orderId] });
    const r = await escalateIncidents(db, new Date(), { orderIds: [order.orderId] });
    expect(r).toMatchObject({ escalated: 1, casesOpened: 1, investigations: 1 });
    const [theCase] = await db.select().from(cases).where(eq(cases.orderId, order.orderId));
    expect(theCase).toMatchObject({ type: 'delivery_issue', status: 'waiting_carrier', priority: 'high' });
    expect(theCase!.tags).toContain('carrier_investigation');
    const events = await db.select().from(caseEvents).where(and(eq(caseEvents.caseId, theCase!.id), eq(caseEvents.type, 'case.carrier_investigation_opened')));
    expect(events).toHaveLength(1);
    expect(events[0]!.data).toMatchObject({ reason: 'lost' });
  });

  it('a "delivered but not received" claim gets a carrier investigation on its case', async () => {
    const order = await createDelayOrder(db, { placedAt: days(6), parcels: [{ status: 'delivered', firstScanAt: days(4), lastEventAt: days(2), deliveredAt: days(2) }] });
    await submitClaim(
      { db, actor: { type: 'customer', orderId: order.orderId } },
      { orderId: order.orderId, locale: 'en', type: 'not_received', shipmentId: order.shipmentIds[0]!, description: 'Nothing in the mailbox', idempotencyKey: uniqueId('idem') },
    );
    const r = await escalateIncidents(db, new Date(), { orderIds: [order.orderId] });
    expect(r.investigations).toBe(1);
    const [theCase] = await db.select().from(cases).where(eq(cases.orderId, order.orderId));
    expect(theCase).toMatchObject({ status: 'waiting_carrier' });
    expect(theCase!.tags).toContain('carrier_investigation');
    expect((await escalateIncidents(db, new Date(), { orderIds: [order.orderId] })).investigations).toBe(0);
  });
});
