import { eq, inArray, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { delayEpisodes, delayIncidents, notices, orders, outbox, shipments, trackingEvents } from '@/db/schema';
import { AppError } from '@/lib/errors';
import { testDb, uniqueId } from '@/test/db';
import { createDelayOrder } from '@/test/delay-factories';
import en from '@/messages/en.json' with { type: 'json' };
import sv from '@/messages/sv.json' with { type: 'json' };
import { chooseRemedy } from './choose-remedy';
import { dismissIncidents } from './dismiss-incidents';
import { listDelayBanners, listDelayGroups, remedyPageState } from './queries';
import { hashRemedyToken, newRemedyToken } from './remedy-token';
import { sendPendingNotices } from './run-delay-cycle';
import { sendNotices } from './send-notices';
import { sweepDelays } from './sweep-delays';

const db = testDb();
const system = { db, actor: { type: 'system' as const } };
const staff = { db, actor: { type: 'staff' as const, staffId: '00000000-0000-4000-8000-0000000000e1', role: 'agent' as const } };
const days = (n: number) => new Date(Date.now() - n * 86_400_000);
const dateOnly = (d: Date) => d.toISOString().slice(0, 10);

/**
 * One Matkahuolto parcel that has had no scan for 12 days AND is 10 days past its promised date: the sweep
 * opens two incidents (stalled_in_transit, eta_breached) on it — the parcel of the outside review.
 */
async function doublyLateParcel(locale: 'fi' | 'sv' | 'en' = 'fi') {
  const order = await createDelayOrder(db, {
    locale,
    placedAt: days(14),
    parcels: [{ carrier: 'matkahuolto', status: 'in_transit', shippedAt: days(13), firstScanAt: days(13), lastEventAt: days(12), promisedDate: dateOnly(days(10)) }],
  });
  const shipmentId = order.shipmentIds[0]!;
  await db.insert(trackingEvents).values({
    shipmentId,
    carrier: 'matkahuolto',
    trackingNumber: `JJFI${order.orderNumber}0`,
    status: 'in_transit',
    description: 'Kuljetuksessa',
    location: 'Vantaa',
    occurredAt: days(12),
    source: 'seed',
    dedupeKey: uniqueId('ev'),
  });
  // A postal area of its own, so its Delays groups hold only this parcel.
  await db.update(orders).set({ shippingPostalCode: `${uniqueId('Z').slice(-2)}Q` }).where(eq(orders.id, order.orderId));
  await sweepDelays(db, new Date(), { orderIds: [order.orderId] });
  // [eta_breached, stalled_in_transit]
  const incidents = (await db.select().from(delayIncidents).where(eq(delayIncidents.orderId, order.orderId))).sort((x, y) => x.kind.localeCompare(y.kind));
  return { ...order, shipmentId, incidents };
}

/** What the code before the fix wrote for the second incident: a second notice with its own remedy link. */
async function legacySecondNotice(incident: typeof delayIncidents.$inferSelect, orderId: string): Promise<string> {
  const token = newRemedyToken();
  await db.insert(notices).values({
    incidentId: incident.id,
    orderId,
    locale: 'fi',
    status: 'sent',
    remediesOffered: ['keep_waiting', 'keep_waiting_with_discount', 'cancel_refund'],
    remedyTokenHash: hashRemedyToken(token),
    dedupeKey: `delay-notice:${incident.id}`,
  });
  return token;
}

async function tokenOfNotice(orderId: string): Promise<string> {
  const [mail] = await db.select({ text: sql<string>`${outbox.payload}->>'text'` }).from(outbox).where(eq(outbox.orderId, orderId));
  return /\/delays\/([A-Za-z0-9_-]{43})/.exec(mail!.text)![1]!;
}

describe('one delay episode per parcel', () => {
  it('a parcel both stalled and past its date: two incidents in one episode → one notice email and one banner, even when both kinds are sent at once', async () => {
    const parcel = await doublyLateParcel('sv');
    expect(parcel.incidents.map((i) => i.kind)).toEqual(['eta_breached', 'stalled_in_transit']);
    const [a, b] = parcel.incidents;
    expect(a!.episodeId).toBe(b!.episodeId);
    const [episode] = await db.select().from(delayEpisodes).where(eq(delayEpisodes.id, a!.episodeId));
    expect(episode).toMatchObject({ shipmentId: parcel.shipmentId, closedAt: null });

    // Staff send the "stalled" group while the worker sends the "eta" group (or one caller sends both).
    const results = await Promise.all([sendNotices(staff, { incidentIds: [a!.id] }), sendNotices(system, { incidentIds: [b!.id] }), sendNotices(system, { incidentIds: [b!.id, a!.id] })]);
    expect(results.reduce((sum, r) => sum + r.queued, 0)).toBe(1);
    const mails = await db.select().from(outbox).where(eq(outbox.orderId, parcel.orderId));
    expect(mails).toHaveLength(1);
    expect(mails[0]!.dedupeKey).toBe(`delay-notice:${a!.episodeId}`);
    expect((await db.select().from(notices).where(eq(notices.orderId, parcel.orderId))).filter((n) => n.status !== 'dismissed')).toHaveLength(1);
    // The auto policy does not pick the other kind up later, and the Delays view does not list it as waiting.
    expect(await sendPendingNotices(db, { orderIds: [parcel.orderId] })).toEqual({ queued: 0, skipped: 0 });
    const groups = await listDelayGroups(staff);
    for (const incident of parcel.incidents) {
      const group = groups.find((g) => g.incidents.some((i) => i.id === incident.id))!;
      expect(group.incidents.find((i) => i.id === incident.id)!.noticeStatus).toBe('queued');
    }

    const banners = await listDelayBanners(db, parcel.orderId, 'sv');
    expect(banners).toHaveLength(1);
  });

  it('a remedy is chosen once per parcel per episode: the second link (a notice written before the fix) is refused with "already chosen"', async () => {
    const parcel = await doublyLateParcel('fi');
    const [eta, stalled] = parcel.incidents;
    await sendNotices(system, { incidentIds: [stalled!.id] });
    const first = await tokenOfNotice(parcel.orderId);
    const second = await legacySecondNotice(eta!, parcel.orderId);
    // Even with two notices on record, the page shows one banner.
    expect(await listDelayBanners(db, parcel.orderId, 'fi')).toHaveLength(1);

    await chooseRemedy({ db, clientKey: uniqueId('ip') }, { token: first, remedy: 'keep_waiting_with_discount' });
    const refused = await chooseRemedy({ db, clientKey: uniqueId('ip') }, { token: second, remedy: 'keep_waiting_with_discount' }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(AppError);
    expect(refused).toMatchObject({ code: 'conflict', details: { reason: 'already_chosen', remedy: 'keep_waiting_with_discount' } });
    // One discount code, not two.
    const codes = await db.execute<{ n: number }>(sql`select count(*)::int as n from compensations where order_id = ${parcel.orderId}`);
    expect(codes[0]!.n).toBe(1);
    // The second link's page shows the choice already made, in the page's language, with no way to choose again.
    const page = await remedyPageState(db, second, 'sv');
    expect(page).toMatchObject({ status: 'chosen', chosen: 'keep_waiting_with_discount' });
    // The refusal the customer reads is the localized "already chosen" (remedy page, ?error=already_chosen).
    expect(sv.remedy.errors.already_chosen).toMatch(/redan/);
    expect(en.remedy.errors.already_chosen).toMatch(/already/);
  });

  it('the database refuses a second chosen remedy in one episode (unique index), whatever the code does', async () => {
    const parcel = await doublyLateParcel('en');
    const [eta, stalled] = parcel.incidents;
    await sendNotices(system, { incidentIds: [stalled!.id] });
    await legacySecondNotice(eta!, parcel.orderId);
    const rows = await db.select().from(notices).where(eq(notices.orderId, parcel.orderId));
    expect(rows).toHaveLength(2);
    expect(new Set(rows.map((r) => r.episodeId)).size).toBe(1);
    await db.update(notices).set({ remedyChosen: 'keep_waiting', remedyChosenAt: new Date() }).where(eq(notices.id, rows[0]!.id));
    const error = await db
      .update(notices)
      .set({ remedyChosen: 'cancel_refund', remedyChosenAt: new Date() })
      .where(eq(notices.id, rows[1]!.id))
      .catch((e: unknown) => e);
    const pg = error as { code?: string; constraint_name?: string; cause?: { code?: string; constraint_name?: string } };
    expect(pg.cause?.code ?? pg.code).toBe('23505');
    expect(pg.cause?.constraint_name ?? pg.constraint_name).toBe('notices_one_remedy_per_episode_key');
  });

  it('the episode ends when the parcel recovers; a new delay later is a new episode with its own notice', async () => {
    const parcel = await doublyLateParcel('en');
    const first = parcel.incidents[0]!.episodeId;
    expect(await sendNotices(system, { incidentIds: parcel.incidents.map((i) => i.id) })).toMatchObject({ queued: 1 });

    // A fresh scan and a new promise: both conditions clear, the episode closes.
    await db.update(shipments).set({ lastEventAt: new Date(), promisedDate: dateOnly(days(-5)) }).where(eq(shipments.id, parcel.shipmentId));
    await sweepDelays(db, new Date(), { orderIds: [parcel.orderId] });
    const [closed] = await db.select().from(delayEpisodes).where(eq(delayEpisodes.id, first));
    expect(closed!.closedAt).not.toBeNull();

    // Stuck again for 12 days: a new episode, and the customer is told again.
    await db.update(shipments).set({ lastEventAt: days(12) }).where(eq(shipments.id, parcel.shipmentId));
    await sweepDelays(db, new Date(), { orderIds: [parcel.orderId] });
    const open = await db.select().from(delayIncidents).where(sql`${delayIncidents.orderId} = ${parcel.orderId} and ${delayIncidents.resolvedAt} is null`);
    expect(open).toHaveLength(1);
    expect(open[0]!.episodeId).not.toBe(first);
    expect(await sendNotices(system, { incidentIds: [open[0]!.id] })).toEqual({ queued: 1, skipped: 0 });
    expect(await db.select().from(outbox).where(eq(outbox.orderId, parcel.orderId))).toHaveLength(2);
  });

  it('dismissing one kind does not silence the other kind of the same episode', async () => {
    const parcel = await doublyLateParcel('en');
    const [eta, stalled] = parcel.incidents;
    expect(await dismissIncidents(staff, { incidentIds: [eta!.id] })).toEqual({ dismissed: 1 });
    expect(await sendNotices(staff, { incidentIds: [stalled!.id] })).toEqual({ queued: 1, skipped: 0 });
    const rows = await db.select().from(notices).where(inArray(notices.incidentId, [eta!.id, stalled!.id]));
    expect(rows.map((r) => r.status).sort()).toEqual(['dismissed', 'queued']);
  });
});
