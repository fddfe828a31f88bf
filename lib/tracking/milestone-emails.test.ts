import { and, eq, inArray, like } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { Db } from '@/db';
import { orders, outbox, shipments } from '@/db/schema';
import { testDb } from '@/test/db';
import { createOrder, type Locale } from '@/test/factories';
import { findRedeemableLink } from '@/lib/tracking-links/queries';
import { runSubscriberFor } from '@/test/subscribers';
import { ingestEvents as ingestOnly, type NormalizedEvent } from './ingest-events';
import { queueMilestoneEmails, renderMilestoneEmail } from './milestone-emails';
import { milestoneEmailsSubscriber } from './subscribers';
import en from '@/messages/en.json' with { type: 'json' };
import fi from '@/messages/fi.json' with { type: 'json' };
import sv from '@/messages/sv.json' with { type: 'json' };

/** A fresh outbound parcel (status info_received) on a fresh order, as the merchant API would create it. */
async function newParcel(db: Db, locale: Locale = 'fi') {
  const order = await createOrder(db, locale);
  await db.update(orders).set({ customerName: 'Aino Virtanen' }).where(eq(orders.id, order.id));
  const trackingNumber = `JJFI${order.orderNumber.replace(/\W/g, '')}9`;
  const [shipment] = await db
    .insert(shipments)
    .values({ orderId: order.id, carrier: 'posti', trackingNumber, status: 'info_received', shippedAt: new Date(), promisedDate: '2030-01-15' })
    .returning({ id: shipments.id });
  await db.transaction((tx) => queueMilestoneEmails(tx, { shipmentId: shipment!.id, previous: null, current: 'info_received' }));
  return { order, shipmentId: shipment!.id, trackingNumber };
}

/** Ingest, then what the worker does next: the milestone-email subscriber over these parcels' status changes. */
async function ingestEvents(db: Db, events: NormalizedEvent[], source: Parameters<typeof ingestOnly>[2]) {
  const result = await ingestOnly(db, events, source);
  const parcels = await db.select({ orderId: shipments.orderId }).from(shipments).where(inArray(shipments.trackingNumber, [...new Set(events.map((e) => e.trackingNumber))]));
  for (const orderId of new Set(parcels.map((p) => p.orderId))) await runSubscriberFor(db, milestoneEmailsSubscriber, orderId);
  return result;
}

async function mails(db: Db, shipmentId: string) {
  return db
    .select()
    .from(outbox)
    .where(like(outbox.dedupeKey, `milestone:${shipmentId}:%`))
    .orderBy(outbox.createdAt);
}

const at = (minutes: number) => new Date(Date.UTC(2030, 0, 10, 8, minutes));
const event = (trackingNumber: string, status: NormalizedEvent['status'], minutes: number, extra: Partial<NormalizedEvent> = {}): NormalizedEvent => ({
  carrier: 'posti',
  trackingNumber,
  status,
  occurredAt: at(minutes),
  carrierCode: `${status}-${minutes}`,
  description: `Carrier says ${status}`,
  ...extra,
});

describe('milestone emails', () => {
  it('shipped: one email in the order language, to the order email, with a working tracking link', async () => {
    const db = testDb();
    const { order, shipmentId, trackingNumber } = await newParcel(db, 'fi');
    const [mail] = await mails(db, shipmentId);
    expect(mail).toMatchObject({ kind: 'email.milestone.shipped', dedupeKey: `milestone:${shipmentId}:shipped`, locale: 'fi', recipient: order.email, orderId: order.id });
    expect(mail!.subject).toBe(`Tilauksesi ${order.orderNumber} on matkalla`);
    expect(mail!.payload.text).toContain('Hei Aino,');
    expect(mail!.payload.text).toContain(trackingNumber);
    expect(mail!.payload.html).toMatch(/<html[^>]* lang="fi-FI"/);
    expect(mail!.payload.html).toContain('Seuraa pakettiasi');
    // The button leads to a fresh, live tracking link for this order.
    const token = /\/t\/([A-Za-z0-9_-]{43})/.exec(mail!.payload.html)?.[1];
    expect(token).toBeDefined();
    expect(mail!.payload.text).toContain(`/t/${token}`);
    expect(await findRedeemableLink(db, token!)).toMatchObject({ orderId: order.id });
    // No surname or street address in the mail body.
    expect(mail!.payload.html).not.toContain('Virtanen');
    expect(mail!.payload.html).not.toContain(order.street);
  });

  it('out for delivery, ready for pickup (point and deadline), delivered and problem each send one email', async () => {
    const db = testDb();
    const { shipmentId, trackingNumber } = await newParcel(db, 'en');
    await ingestEvents(db, [event(trackingNumber, 'in_transit', 1)], 'api');
    await ingestEvents(db, [event(trackingNumber, 'out_for_delivery', 2)], 'api');
    await ingestEvents(db, [event(trackingNumber, 'failed_attempt', 3)], 'api');
    await ingestEvents(
      db,
      [
        event(trackingNumber, 'available_for_pickup', 4, {
          pickupPoint: { name: 'K-Market Kallio', address: 'Helsinginkatu 1', postalCode: '00500', city: 'Helsinki', openingHours: 'Mon–Sun 7–23' },
          pickupDeadline: '2030-01-17',
        }),
      ],
      'api',
    );
    await ingestEvents(db, [event(trackingNumber, 'delivered', 5)], 'api');

    const sent = await mails(db, shipmentId);
    expect(sent.map((m) => m.kind)).toEqual([
      'email.milestone.shipped',
      'email.milestone.out_for_delivery',
      'email.milestone.problem',
      'email.milestone.ready_for_pickup',
      'email.milestone.delivered',
    ]);
    const pickup = sent.find((m) => m.kind === 'email.milestone.ready_for_pickup')!;
    expect(pickup.subject).toMatch(/is ready for pickup$/);
    expect(pickup.payload.text).toContain('Your parcel is waiting for you at K-Market Kallio.');
    expect(pickup.payload.text).toContain('Address: Helsinginkatu 1, 00500 Helsinki');
    expect(pickup.payload.text).toContain('Opening hours: Mon–Sun 7–23');
    expect(pickup.payload.text).toContain('Please collect it by Thursday 17 January.');
    const problem = sent.find((m) => m.kind === 'email.milestone.problem')!;
    expect(problem.payload.text).toContain("Posti couldn't deliver your parcel.");
    for (const mail of sent) {
      expect(mail.payload.html).toMatch(/^<!DOCTYPE html/);
      expect(mail.payload.text.length).toBeGreaterThan(50);
    }
  });

  it('exactly once per milestone: two failed attempts and an exception give one problem email; replays give nothing', async () => {
    const db = testDb();
    const { shipmentId, trackingNumber } = await newParcel(db, 'sv');
    const stream = [
      event(trackingNumber, 'in_transit', 1),
      event(trackingNumber, 'failed_attempt', 2),
      event(trackingNumber, 'in_transit', 3),
      event(trackingNumber, 'failed_attempt', 4),
      event(trackingNumber, 'exception', 5, { subStatus: 'address_issue' }),
    ];
    for (const e of stream) await ingestEvents(db, [e], 'webhook');
    // The carrier replays everything, and someone calls C2 directly again.
    await ingestEvents(db, stream, 'webhook');
    await db.transaction((tx) => queueMilestoneEmails(tx, { shipmentId, previous: 'in_transit', current: 'failed_attempt' }));
    await db.transaction((tx) => queueMilestoneEmails(tx, { shipmentId, previous: null, current: 'in_transit' }));

    const sent = await mails(db, shipmentId);
    expect(sent.map((m) => m.kind).sort()).toEqual(['email.milestone.problem', 'email.milestone.shipped']);
    expect(sent.find((m) => m.kind === 'email.milestone.problem')!.subject).toMatch(/^Ett problem med leveransen/);
  });

  it('the email follows the status change from the event log: none before the subscriber runs, one after, one after a second run', async () => {
    const db = testDb();
    const { order, shipmentId, trackingNumber } = await newParcel(db, 'fi');
    await ingestOnly(db, [event(trackingNumber, 'out_for_delivery', 1)], 'webhook');
    const outForDelivery = () => db.select().from(outbox).where(eq(outbox.dedupeKey, `milestone:${shipmentId}:out_for_delivery`));
    expect(await outForDelivery()).toHaveLength(0);
    await runSubscriberFor(db, milestoneEmailsSubscriber, order.id);
    expect(await outForDelivery()).toHaveLength(1);
    await runSubscriberFor(db, milestoneEmailsSubscriber, order.id);
    expect(await outForDelivery()).toHaveLength(1);
  });

  it('one ingest batch moving several parcels queues every parcel an email in its language, each with its own live link', async () => {
    const db = testDb();
    const parcels = await Promise.all((['fi', 'sv', 'en'] as const).map((locale) => newParcel(db, locale)));
    const result = await ingestEvents(
      db,
      parcels.map((p, i) => event(p.trackingNumber, 'out_for_delivery', 10 + i)),
      'webhook',
    );
    expect(result.accepted).toBe(3);
    const subjects: string[] = [];
    const links = new Set<string>();
    for (const parcel of parcels) {
      const sent = (await mails(db, parcel.shipmentId)).filter((m) => m.kind === 'email.milestone.out_for_delivery');
      expect(sent).toHaveLength(1);
      subjects.push(sent[0]!.subject);
      const token = /\/t\/([\w-]+)/.exec(sent[0]!.payload.text)![1]!;
      links.add(token);
      expect((await findRedeemableLink(db, token))?.orderId).toBe(parcel.order.id);
    }
    expect(links.size).toBe(3);
    const catalogs = { fi, sv, en };
    parcels.forEach((parcel, i) =>
      expect(subjects[i]).toBe(catalogs[parcel.order.locale as 'fi' | 'sv' | 'en'].milestoneEmail.subject.out_for_delivery.replace('{orderNumber}', parcel.order.orderNumber)),
    );
  });

  it('concurrent status changes for one milestone still queue one email', async () => {
    const db = testDb();
    const { shipmentId } = await newParcel(db, 'da');
    await Promise.allSettled(
      Array.from({ length: 4 }, () => db.transaction((tx) => queueMilestoneEmails(tx, { shipmentId, previous: 'in_transit', current: 'out_for_delivery' }))),
    );
    const sent = await db.select().from(outbox).where(and(eq(outbox.dedupeKey, `milestone:${shipmentId}:out_for_delivery`)));
    expect(sent).toHaveLength(1);
    expect(sent[0]!.subject).toMatch(/bliver leveret i dag$/);
  });

  it('a status change without a milestone, or of a return parcel, sends nothing', async () => {
    const db = testDb();
    const { order, shipmentId } = await newParcel(db, 'nb');
    await db.transaction((tx) => queueMilestoneEmails(tx, { shipmentId, previous: 'info_received', current: 'in_transit' }));
    const [ret] = await db
      .insert(shipments)
      .values({ orderId: order.id, direction: 'return', carrier: 'posti', trackingNumber: `RET${shipmentId.slice(0, 8)}`, status: 'in_transit' })
      .returning({ id: shipments.id });
    await db.transaction((tx) => queueMilestoneEmails(tx, { shipmentId: ret!.id, previous: 'in_transit', current: 'delivered' }));
    expect((await mails(db, shipmentId)).map((m) => m.kind)).toEqual(['email.milestone.shipped']);
    expect(await mails(db, ret!.id)).toEqual([]);
  });

  it('every language renders every milestone', async () => {
    const db = testDb();
    for (const locale of ['fi', 'sv', 'en', 'da', 'nb'] as const) {
      const { order, shipmentId } = await newParcel(db, locale);
      for (const [previous, current] of [
        ['info_received', 'out_for_delivery'],
        ['out_for_delivery', 'available_for_pickup'],
        ['available_for_pickup', 'delivered'],
        ['in_transit', 'exception'],
      ] as const) {
        await db.transaction((tx) => queueMilestoneEmails(tx, { shipmentId, previous, current }));
      }
      const sent = await mails(db, shipmentId);
      expect(sent).toHaveLength(5);
      for (const mail of sent) {
        expect(mail.locale).toBe(locale);
        expect(mail.subject).toContain(order.orderNumber);
        expect(mail.payload.text).not.toMatch(/\{|milestoneEmail\./);
      }
    }
  });
});

describe('the milestone email itself', () => {
  const base = {
    milestone: 'ready_for_pickup' as const,
    locale: 'en' as const,
    shop: { name: 'Kuusi & Koivu <b>', timeZone: 'Europe/Helsinki', accentColor: '#1f5f4a' },
    orderNumber: 'KK-1"><script>',
    firstName: 'Aino',
    to: 'aino@example.fi',
    carrier: 'Posti',
    trackingNumber: 'JJFI1',
    status: 'available_for_pickup' as const,
    subStatus: null,
    expectedDate: null,
    pickupPoint: { name: 'R-kioski <Kamppi>' },
    pickupDeadline: null,
    url: 'https://paluu.example/t/abc?x="y"',
  };

  it('escapes everything it interpolates into the HTML, and keeps the text part plain', async () => {
    const email = await renderMilestoneEmail(base);
    expect(email.html).not.toContain('<script>');
    expect(email.html).not.toContain('<b>');
    expect(email.html).toContain('Kuusi &amp; Koivu &lt;b&gt;');
    expect(email.html).toContain('R-kioski &lt;Kamppi&gt;');
    expect(email.html).toContain('href="https://paluu.example/t/abc?x=&quot;y&quot;"');
    expect(email.text).toContain('Your parcel is waiting for you at R-kioski <Kamppi>.');
    expect(email.subject).toBe('Your order KK-1"><script> is ready for pickup');
  });

  it('without a pickup point, deadline or opening hours it says only what it knows', async () => {
    const email = await renderMilestoneEmail({ ...base, pickupPoint: null });
    expect(email.text).toContain('Your parcel is waiting for you at the pickup point.');
    expect(email.text).not.toMatch(/Address:|Opening hours|collect it by/);
  });
});
