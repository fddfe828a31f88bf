/**
 * `npm run simulate`: advances active parcels with realistic carrier-format events (the shapes in
 * formats.ts, worded like each carrier), through webhook_inbox and processInbox — the path real carrier data
 * takes. Each parcel's next step is decided from its current status and a hash of (parcel, step), so running
 * the same step twice stores nothing new (the inbox key is `sim:<shipment>:<step>`).
 */
import { createHash } from 'node:crypto';
import { and, eq, inArray, notInArray, sql } from 'drizzle-orm';
import type { Db } from '@/db';
import { orders, type PickupPoint, shipments, trackingEvents } from '@/db/schema';
import { carrierCatalog } from '@/lib/carriers/catalog';
import { addCalendarDays } from '@/lib/time/holidays';
import { dateIn } from '@/lib/time/zoned';
import type { CarrierId, ShipmentStatus } from '@/lib/core/enums';
import { getCarrierConfig } from '@/lib/carriers/config';
import { buildBringEventCast, buildTrackingDocument, type FormatEvent } from '@/lib/carriers/formats';
import { storeInboxDelivery } from '@/lib/carriers/inbox';
import { isPushCarrier } from '@/lib/carriers/receive-webhook';
import { signBody } from '@/lib/carriers/webhook-auth';
import { processInbox } from './process-inbox';

type Step = 'handed_in' | 'terminal' | 'out_for_delivery' | 'at_pickup_point' | 'delivered' | 'picked_up' | 'attempt_failed' | 'delay' | 'resume' | 'reminder';

/** Each carrier's code and own words per step (carriers.md §1.2, §2.2, §3.2, §4.2, §5, §6). */
/** Carriers without words here (Instabox: no generator in formats.ts yet) are not simulated. */
const vocabulary: Partial<Record<CarrierId, Partial<Record<Step, [code: string, text: string]>>>> = {
  posti: {
    handed_in: ['13', 'Lähetys on noudettu lähettäjältä'],
    terminal: ['31', 'Lähetys on kuljetuksessa'],
    out_for_delivery: ['71', 'Lähetys on jakelukuljetuksessa'],
    at_pickup_point: ['45', 'Lähetys on noudettavissa. Saapumisilmoitus on lähetetty vastaanottajalle.'],
    delivered: ['22', 'Lähetys on luovutettu vastaanottajalle'],
    picked_up: ['22', 'Lähetys on luovutettu vastaanottajalle'],
    attempt_failed: ['56', 'Lähetystä ei voitu luovuttaa – vastaanottajaa ei tavoitettu'],
    delay: ['20', 'Poikkeama: kuljetus viivästyy sääolosuhteiden vuoksi'],
    resume: ['31', 'Lähetys on kuljetuksessa'],
  },
  matkahuolto: {
    handed_in: ['08', 'Noudettu lähettäjältä'],
    terminal: ['35', 'Saapunut määräterminaaliin'],
    out_for_delivery: ['45', 'Lastattu jakeluun'],
    at_pickup_point: ['50', 'Noudettavissa'],
    reminder: ['56', 'Toinen saapumisilmoitus lähetetty'],
    delivered: ['60', 'Luovutettu vastaanottajalle'],
    picked_up: ['60', 'Luovutettu vastaanottajalle'],
    attempt_failed: ['97', 'Jakeluyritys, vastaanottajaa ei tavoitettu'],
    delay: ['104', 'Poikkeama lisätty: kuljetus myöhässä'],
    resume: ['40', 'Odottaa jakelulastausta'],
  },
  postnord: {
    handed_in: ['EN_ROUTE', 'Försändelsen har lämnats in till PostNord'],
    terminal: ['EN_ROUTE', 'Försändelsen har ankommit till terminalen'],
    out_for_delivery: ['113', 'Utkörning av försändelsen pågår'],
    at_pickup_point: ['AVAILABLE_FOR_DELIVERY', 'Försändelsen finns att hämta hos ditt utlämningsställe'],
    delivered: ['DELIVERED', 'Försändelsen har levererats'],
    picked_up: ['DELIVERED', 'Försändelsen har hämtats ut'],
    attempt_failed: ['DELIVERY_IMPOSSIBLE', 'Försändelsen kunde inte levereras'],
    delay: ['EXPECTED_DELAY', 'Försändelsen är försenad'],
    resume: ['EN_ROUTE', 'Försändelsen har lämnat terminalen'],
  },
  bring: {
    handed_in: ['HANDED_IN', 'The shipment has been handed in'],
    terminal: ['TERMINAL', 'The shipment has arrived at the terminal'],
    out_for_delivery: ['TRANSPORT_TO_RECIPIENT', 'The shipment is on its way to the recipient'],
    at_pickup_point: ['READY_FOR_PICKUP', 'The shipment is ready for pickup'],
    reminder: ['NOTIFICATION_SENT', 'A reminder has been sent to the recipient'],
    delivered: ['DELIVERED', 'The shipment has been delivered'],
    picked_up: ['DELIVERED', 'The shipment has been picked up'],
    attempt_failed: ['ATTEMPTED_DELIVERY', 'We attempted to deliver the shipment. It will be sent to the closest pickup point.'],
    delay: ['DEVIATION', 'The shipment is delayed due to bad weather.'],
    resume: ['IN_TRANSIT', 'The shipment is in transit'],
  },
  budbee: {
    handed_in: ['Collected', 'Your parcel has been collected from the merchant'],
    terminal: ['CrossDocked', 'Your parcel has arrived at the Budbee terminal'],
    out_for_delivery: ['OnRouteDelivery', 'The driver is on the way with your parcel'],
    at_pickup_point: ['Delivered', 'Your parcel is ready in the Budbee Box'],
    delivered: ['Delivered', 'Your parcel has been delivered'],
    picked_up: ['PickedUp', 'You have picked up your parcel'],
    attempt_failed: ['Miss', 'We missed you. The driver could not deliver your parcel.'],
    delay: ['Backordered', 'Your parcel is delayed and will be delivered on a later date'],
    resume: ['CrossDocked', 'Your parcel has arrived at the Budbee terminal'],
  },
  dhl: {
    handed_in: ['transit', 'Shipment picked up'],
    terminal: ['transit', 'Arrived at DHL delivery facility'],
    out_for_delivery: ['transit', 'Shipment is out with courier for delivery'],
    delivered: ['delivered', 'Delivered'],
    attempt_failed: ['failure', 'Delivery attempted; recipient not at home'],
    delay: ['failure', 'Delivery delayed due to adverse weather conditions'],
    resume: ['transit', 'Processed at DHL facility'],
  },
};

function chance(shipmentId: string, step: number): number {
  return createHash('sha256').update(`${shipmentId}:${step}`).digest().readUInt32BE(0) / 2 ** 32;
}

/** The next step of a parcel, or null when it waits (a parcel at a pickup point is not collected at once). */
export function nextStep(input: { carrier: CarrierId; status: ShipmentStatus; toPickupPoint: boolean; events: number; roll: number }): Step | null {
  const { carrier, status, toPickupPoint, events, roll } = input;
  const pickup = toPickupPoint && carrier !== 'dhl';
  switch (status) {
    case 'info_received':
      return 'handed_in';
    case 'in_transit':
      if (events < 3 || roll < 0.25) return 'terminal';
      if (roll < 0.33) return 'delay';
      return pickup ? 'at_pickup_point' : 'out_for_delivery';
    case 'exception':
      return 'resume';
    case 'out_for_delivery':
      return roll < 0.2 ? 'attempt_failed' : 'delivered';
    case 'failed_attempt':
      return carrier === 'dhl' || carrier === 'budbee' ? 'out_for_delivery' : 'at_pickup_point';
    case 'available_for_pickup':
      if (roll < 0.55) return 'picked_up';
      return roll < 0.7 && vocabulary[carrier]?.reminder ? 'reminder' : null;
    default:
      return null;
  }
}

export type SimulatedMove = { orderNumber: string; carrier: CarrierId; trackingNumber: string; from: ShipmentStatus; step: Step; code: string; text: string; via: 'inbox' | 'webhook' };

/**
 * Push carriers (Bring, DHL) can be driven through the running app's webhook endpoint, authenticated with
 * the carrier's configured secret exactly as the carrier would. Returns false when the carrier has no
 * secret configured (the caller falls back to the inbox).
 */
async function postWebhook(db: Db, baseUrl: string, carrier: CarrierId, body: string): Promise<'stored' | 'duplicate' | 'no_secret'> {
  const config = await getCarrierConfig(db, carrier);
  if (!config.webhookSecret) return 'no_secret';
  const headers: Record<string, string> = { 'content-type': 'application/json', 'user-agent': 'paluu-simulate' };
  if (config.webhookAuth === 'hmac') {
    const ts = Math.floor(Date.now() / 1000);
    headers['x-paluu-timestamp'] = String(ts);
    headers['x-paluu-signature'] = `v1=${signBody(config.webhookSecret, ts, body)}`;
  } else headers[config.webhookHeader] = config.webhookSecret;
  const res = await fetch(`${baseUrl.replace(/\/+$/, '')}/api/webhooks/carriers/${carrier}`, { method: 'POST', headers, body, signal: AbortSignal.timeout(10_000) });
  const answer = (await res.json().catch(() => ({}))) as { duplicate?: boolean };
  if (res.status !== 202) throw new Error(`webhook ${carrier} answered ${res.status}: ${JSON.stringify(answer)}`);
  return answer.duplicate ? 'duplicate' : 'stored';
}

export async function simulateStep(
  db: Db,
  options: {
    now?: Date;
    shipmentIds?: string[];
    process?: boolean;
    /** Share of parcels that move this step (default all). */ moveShare?: number;
    /** Distinguishes steps for moveShare. */ tick?: string;
    /** Base URL of the running app: Bring and DHL events are POSTed to its carrier webhook. */ webhookUrl?: string;
  } = {},
): Promise<{ moves: SimulatedMove[]; stored: number; duplicates: number }> {
  const now = options.now ?? new Date();
  const conditions = [notInArray(shipments.status, ['delivered', 'returned_to_sender', 'canceled'])];
  if (options.shipmentIds) conditions.push(inArray(shipments.id, options.shipmentIds));
  const active = await db
    .select({
      id: shipments.id,
      carrier: shipments.carrier,
      service: shipments.service,
      trackingNumber: shipments.trackingNumber,
      status: shipments.status,
      pickupPoint: shipments.pickupPoint,
      lastEventAt: shipments.lastEventAt,
      orderNumber: orders.orderNumber,
      city: orders.shippingCity,
      postalCode: orders.shippingPostalCode,
      country: orders.shippingCountry,
      events: sql<number>`(select count(*)::int from ${trackingEvents} where ${trackingEvents.shipmentId} = ${shipments.id})`,
    })
    .from(shipments)
    .innerJoin(orders, eq(orders.id, shipments.orderId))
    .where(and(...conditions))
    .orderBy(shipments.createdAt);
  const moves: SimulatedMove[] = [];
  let stored = 0;
  let duplicates = 0;
  for (const p of active) {
    const roll = chance(p.id, p.events);
    if (options.moveShare !== undefined && options.moveShare < 1 && chance(`${p.id}:${options.tick ?? ''}`, p.events) >= options.moveShare) continue;
    const toPickupPoint = !!p.pickupPoint || /pickup|collect|lähellä|postipaketti|box|hentested/i.test(p.service ?? '');
    const step = nextStep({ carrier: p.carrier, status: p.status, toPickupPoint, events: p.events, roll });
    const words = step ? vocabulary[p.carrier]?.[step] : undefined;
    if (!step || !words) continue;
    // A few minutes ago, after the parcel's last event, never in the future.
    const after = (p.lastEventAt ?? new Date(0)).getTime() + 60_000;
    const at = new Date(Math.min(now.getTime(), Math.max(after, now.getTime() - Math.round(roll * 10 * 60_000))));
    const atPoint = step === 'at_pickup_point' || step === 'picked_up' || step === 'reminder';
    const point: PickupPoint | undefined = atPoint ? (p.pickupPoint ?? { id: `SIM${p.postalCode}`, name: `${carrierCatalog[p.carrier].name} ${p.city}`, address: 'Asemakatu 1', postalCode: p.postalCode, city: p.city }) : undefined;
    const event: FormatEvent = { code: words[0], text: words[1], at, place: point?.name ?? p.city, postalCode: p.postalCode, country: p.country, id: `sim-${p.id}-${p.events}` };
    const deadline = step === 'at_pickup_point' ? addCalendarDays(dateIn(at, 'Europe/Helsinki'), carrierCatalog[p.carrier].holdingDays) : undefined;
    const doc = buildTrackingDocument(p.carrier, [
      { parcel: { carrier: p.carrier, trackingNumber: p.trackingNumber, country: p.country, box: p.carrier === 'budbee' && toPickupPoint, pickupPoint: point, pickupDeadline: deadline }, events: [event] },
    ]);
    let via: SimulatedMove['via'] = 'inbox';
    let duplicate: boolean;
    const pushed = options.webhookUrl && isPushCarrier(p.carrier)
      ? await postWebhook(db, options.webhookUrl, p.carrier, JSON.stringify(p.carrier === 'bring' ? buildBringEventCast({ carrier: p.carrier, trackingNumber: p.trackingNumber }, { ...event, id: event.id! }) : doc))
      : 'no_secret';
    if (pushed !== 'no_secret') {
      via = 'webhook';
      duplicate = pushed === 'duplicate';
    } else {
      duplicate = (await storeInboxDelivery(db, { carrier: p.carrier, source: 'simulate', dedupeKey: `sim:${p.id}:${p.events}`, rawBody: JSON.stringify(doc) })).duplicate;
    }
    if (duplicate) {
      duplicates += 1;
      continue;
    }
    stored += 1;
    moves.push({ orderNumber: p.orderNumber, carrier: p.carrier, trackingNumber: p.trackingNumber, from: p.status, step, code: words[0], text: words[1], via });
  }
  if (options.process !== false) {
    for (;;) {
      const r = await processInbox(db, { carriers: [...new Set(active.map((a) => a.carrier))] });
      if (r.processed + r.failed + r.parked === 0) break;
    }
  }
  return { moves, stored, duplicates };
}
