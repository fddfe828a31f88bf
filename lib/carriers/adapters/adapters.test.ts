import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CarrierId } from '@/lib/core/enums';
import type { NormalizedEvent } from '@/lib/carriers/normalized-event';
import { adapters, CarrierFormatError } from './index';

const dir = path.resolve(import.meta.dirname, '../../../test/generated/carriers');
const load = (carrier: string, name: string) => readFileSync(path.join(dir, carrier, `${name}.json`), 'utf8');

type Expect = {
  fixture: string;
  /** The event under test: its carrier code (default: the newest event). */
  code?: string;
  status: NormalizedEvent['status'];
  subStatus?: NormalizedEvent['subStatus'];
  text?: string;
  location?: string;
  at: string;
  pickup?: { name: string; address?: string; deadline?: string; hours?: string };
  unmapped?: boolean;
};

// Times: the carrier's local wall-clock time in the fixture → the UTC instant (Helsinki +2/+3 in summer,
// Stockholm and Oslo +1 in November). Bring writes an offset, Budbee UTC.
/** Carriers with a generator in formats.ts (Instabox has none: tested against its public example in fixtures.test.ts). */
const table: Partial<Record<CarrierId, Expect[]>> = {
  posti: [
    { fixture: 'info_received', status: 'info_received', text: 'Lähettäjä on ilmoittanut lähetyksen tiedot Postille', at: '2026-11-17T14:41:07.000Z' },
    { fixture: 'in_transit', status: 'in_transit', text: 'Lähetys on lastattu kuljetukseen', location: 'TAMPERE', at: '2026-11-19T03:20:00.000Z' },
    { fixture: 'out_for_delivery', status: 'out_for_delivery', text: 'Lähetys on jakelukuljetuksessa', location: 'TAMPERE', at: '2026-11-20T05:48:31.000Z' },
    {
      fixture: 'available_for_pickup',
      status: 'available_for_pickup',
      text: 'Lähetys on noudettavissa. Saapumisilmoitus on lähetetty vastaanottajalle.',
      location: 'K-Market Kaleva',
      at: '2026-11-20T12:05:00.000Z',
      pickup: { name: 'K-Market Kaleva', address: 'Sammonkatu 34', deadline: '2026-11-27', hours: 'ma–la 7–22, su 9–22' },
    },
    { fixture: 'delivered', status: 'delivered', text: 'Lähetys on luovutettu vastaanottajalle', location: 'TAMPERE', at: '2026-11-20T09:32:18.000Z' },
    { fixture: 'failed_attempt', status: 'failed_attempt', text: 'Lähetystä ei voitu luovuttaa – vastaanottajaa ei tavoitettu', at: '2026-11-20T10:10:00.000Z' },
    { fixture: 'exception', status: 'exception', subStatus: 'address_issue', text: 'Poikkeama: vastaanottajan osoitetiedot ovat puutteelliset', at: '2026-11-20T07:02:55.000Z' },
    { fixture: 'returned_to_sender', status: 'returned_to_sender', text: 'Lähetystä ei noudettu. Lähetys palautetaan lähettäjälle.', at: '2026-11-28T04:30:00.000Z' },
    { fixture: 'unknown_code', status: 'in_transit', unmapped: true, text: 'Lähetys on siirretty toiseen noutopisteeseen', at: '2026-11-20T08:15:00.000Z' },
  ],
  postnord: [
    { fixture: 'info_received', status: 'info_received', text: 'Vi har fått information om försändelsen från avsändaren', at: '2026-11-17T14:20:00.000Z' },
    { fixture: 'in_transit', status: 'in_transit', text: 'Försändelsen har lämnat terminalen', location: 'Rosersberg', at: '2026-11-19T20:03:00.000Z' },
    { fixture: 'out_for_delivery', code: '113', status: 'out_for_delivery', text: 'Utkörning av försändelsen pågår', location: 'Stockholm', at: '2026-11-20T07:14:00.000Z' },
    {
      fixture: 'available_for_pickup',
      status: 'available_for_pickup',
      text: 'Försändelsen finns att hämta hos ditt utlämningsställe',
      location: 'ICA Nära Södermalm',
      at: '2026-11-20T12:37:00.000Z',
      pickup: { name: 'ICA Nära Södermalm', address: 'Götgatan 41', deadline: '2026-11-27', hours: 'mån–sön 8–22' },
    },
    { fixture: 'delivered', status: 'delivered', text: 'Försändelsen har levererats', at: '2026-11-20T13:22:09.000Z' },
    { fixture: 'failed_attempt', status: 'failed_attempt', text: 'Försändelsen kunde inte levereras', at: '2026-11-20T14:40:00.000Z' },
    { fixture: 'exception', status: 'exception', subStatus: 'customs', text: 'Försändelsen har stoppats i tullen', location: 'Arlanda', at: '2026-11-19T10:00:00.000Z' },
    { fixture: 'returned_to_sender', status: 'returned_to_sender', text: 'Försändelsen returneras till avsändaren', at: '2026-11-28T06:05:00.000Z' },
    { fixture: 'unknown_code', code: 'HELD_AT_HUB', status: 'in_transit', unmapped: true, text: 'Försändelsen väntar på vidare transport', at: '2026-11-19T11:00:00.000Z' },
  ],
  matkahuolto: [
    { fixture: 'info_received', status: 'info_received', text: 'Ennakkotieto vastaanotettu', at: '2026-07-14T09:00:05.000Z' },
    { fixture: 'in_transit', status: 'in_transit', text: 'Saapunut määräterminaaliin', location: 'Jyväskylä', at: '2026-07-15T01:50:00.000Z' },
    { fixture: 'out_for_delivery', status: 'out_for_delivery', text: 'Lastattu jakeluun', at: '2026-07-15T04:30:00.000Z' },
    { fixture: 'available_for_pickup', status: 'available_for_pickup', text: 'Noudettavissa', location: 'R-kioski Kauppakatu', at: '2026-07-15T10:05:00.000Z', pickup: { name: 'R-kioski Kauppakatu', deadline: '2026-07-22' } },
    { fixture: 'delivered', status: 'delivered', text: 'Luovutettu vastaanottajalle', at: '2026-07-16T14:44:00.000Z' },
    { fixture: 'failed_attempt', status: 'failed_attempt', text: 'Jakeluyritys, vastaanottajaa ei tavoitettu', at: '2026-07-15T13:02:00.000Z' },
    { fixture: 'exception', status: 'exception', subStatus: 'damaged', text: 'Poikkeama lisätty: pakkaus vaurioitunut kuljetuksessa', at: '2026-07-15T02:15:00.000Z' },
    { fixture: 'returned_to_sender', status: 'returned_to_sender', text: 'Palautettu noutamattomana', at: '2026-07-23T05:00:00.000Z' },
    { fixture: 'unknown_code', status: 'in_transit', unmapped: true, text: 'Siirretty toiseen terminaaliin', location: 'Tampere', at: '2026-07-15T00:00:00.000Z' },
  ],
  bring: [
    { fixture: 'info_received', status: 'info_received', text: 'The sender has booked the shipment. We have not received it yet.', at: '2026-11-16T09:04:00.000Z' },
    { fixture: 'in_transit', status: 'in_transit', text: 'The shipment is in transit', location: 'BERGEN', at: '2026-11-18T08:00:00.000Z' },
    { fixture: 'out_for_delivery', status: 'out_for_delivery', text: 'The shipment is on its way to the recipient', at: '2026-11-19T07:45:00.000Z' },
    {
      fixture: 'available_for_pickup',
      code: 'READY_FOR_PICKUP',
      status: 'available_for_pickup',
      text: 'The shipment can be picked up at Coop Extra Danmarksplass',
      location: 'BERGEN',
      at: '2026-11-19T11:20:00.000Z',
      // Bring names the unit (`unitId` = `expectedPickupUnitId`) and the last day (`dateOfReturn`), no address.
      pickup: { name: 'Coop Extra Danmarksplass', deadline: '2026-11-26' },
    },
    // A notification carries no status of its own: it keeps the parcel where it was.
    { fixture: 'available_for_pickup', code: 'NOTIFICATION_SENT', status: 'available_for_pickup', text: 'A notification has been sent to the recipient', at: '2026-11-19T11:21:00.000Z' },
    { fixture: 'delivered', status: 'delivered', text: 'The shipment has been delivered', at: '2026-11-19T12:05:00.000Z' },
    { fixture: 'failed_attempt', status: 'failed_attempt', text: 'We attempted to deliver the shipment. It will be sent to the closest pickup point.', at: '2026-11-19T13:30:00.000Z' },
    { fixture: 'exception', status: 'exception', subStatus: 'customs', text: 'The shipment is held by customs. Customs needs more information.', location: 'OSLO', at: '2026-11-18T10:00:00.000Z' },
    { fixture: 'returned_to_sender', status: 'returned_to_sender', text: 'The shipment has been returned to the sender', location: 'OSLO', at: '2026-11-30T09:15:00.000Z' },
    { fixture: 'unknown_code', status: 'in_transit', unmapped: true, text: 'The shipment has been rerouted', at: '2026-11-18T11:00:00.000Z' },
    // Trap: a cancelled home-delivery booking is not a cancelled shipment.
    { fixture: 'unknown_code', code: 'DELIVERY_CANCELLED', status: 'in_transit', text: 'The recipient cancelled home delivery', at: '2026-11-18T09:00:00.000Z' },
  ],
  budbee: [
    { fixture: 'info_received', status: 'info_received', text: 'Your order has been registered and is being prepared by the merchant', at: '2026-11-18T09:00:00.000Z' },
    { fixture: 'in_transit', status: 'in_transit', text: 'Your parcel has arrived at the Budbee terminal', at: '2026-11-20T01:40:00.000Z' },
    { fixture: 'out_for_delivery', status: 'out_for_delivery', text: 'The driver is on the way with your parcel', at: '2026-11-20T16:05:00.000Z' },
    // Trap: a locker "Delivered" is the parcel waiting in the Budbee Box.
    {
      fixture: 'available_for_pickup',
      code: 'Delivered',
      status: 'available_for_pickup',
      text: 'Your parcel is ready in the Budbee Box',
      at: '2026-11-20T10:48:00.000Z',
      pickup: { name: 'Budbee Box Hornstull', address: 'Långholmsgatan 34', deadline: '2026-11-23', hours: '24/7' },
    },
    { fixture: 'picked_up', code: 'PickedUp', status: 'delivered', text: 'You have picked up your parcel', at: '2026-11-21T07:02:00.000Z' },
    { fixture: 'delivered', status: 'delivered', text: 'Your parcel has been delivered', at: '2026-11-20T17:31:00.000Z' },
    { fixture: 'failed_attempt', status: 'failed_attempt', text: 'We missed you. The driver could not deliver your parcel.', at: '2026-11-20T18:10:00.000Z' },
    { fixture: 'exception', status: 'exception', subStatus: 'other', text: 'Your parcel is delayed and will be delivered on a later date', at: '2026-11-20T05:00:00.000Z' },
    { fixture: 'returned_to_sender', status: 'returned_to_sender', text: 'Your parcel has been returned to the merchant', at: '2026-11-25T12:00:00.000Z' },
    { fixture: 'unknown_code', status: 'in_transit', unmapped: true, text: 'Your parcel has been rerouted to a new address', at: '2026-11-20T08:30:00.000Z' },
  ],
  dhl: [
    { fixture: 'info_received', status: 'info_received', text: 'Shipment information received', location: 'VANTAA', at: '2026-11-17T12:10:00.000Z' },
    { fixture: 'in_transit', status: 'in_transit', text: 'Arrived at DHL delivery facility', location: 'ESPOO', at: '2026-11-18T04:40:00.000Z' },
    { fixture: 'out_for_delivery', status: 'out_for_delivery', text: 'Shipment is out with courier for delivery', at: '2026-11-18T06:12:00.000Z' },
    { fixture: 'delivered', status: 'delivered', text: 'Delivered', location: 'ESPOO', at: '2026-11-18T10:47:00.000Z' },
    { fixture: 'failed_attempt', status: 'failed_attempt', text: 'Delivery attempted; recipient not at home', at: '2026-11-18T11:15:00.000Z' },
    { fixture: 'exception', status: 'exception', subStatus: 'weather', text: 'Delivery delayed due to adverse weather conditions', at: '2026-11-18T05:00:00.000Z' },
    { fixture: 'unknown_code', status: 'in_transit', unmapped: true, text: 'Shipment on hold', at: '2026-11-18T05:30:00.000Z' },
  ],
};

describe.each(Object.entries(table) as Array<[CarrierId, Expect[]]>)('%s adapter', (carrier, rows) => {
  it('has a fixture for every status it reports and a test row for every fixture', () => {
    const files = readdirSync(path.join(dir, carrier)).filter((f) => f.endsWith('.json') && f !== 'event-cast.json').map((f) => f.replace('.json', ''));
    expect(new Set(rows.map((r) => r.fixture))).toEqual(new Set(files));
  });

  it.each(rows.map((r) => [`${r.fixture}${r.code ? ` (${r.code})` : ''}`, r] as const))('%s', (_name, row) => {
    const events = adapters[carrier].parse(load(carrier, row.fixture));
    expect(events.length).toBeGreaterThan(0);
    const event = row.code ? events.find((e) => e.carrierCode === row.code) : events.at(-1);
    expect(event, `event ${row.code ?? 'newest'}`).toBeDefined();
    expect(event!.carrier).toBe(carrier);
    expect(event!.status).toBe(row.status);
    expect(event!.subStatus).toBe(row.subStatus);
    if (row.text) expect(event!.description).toBe(row.text);
    if (row.location) expect(event!.location).toBe(row.location);
    expect(event!.occurredAt.toISOString()).toBe(row.at);
    expect(event!.unmappedCode ?? false).toBe(row.unmapped ?? false);
    if (row.pickup) {
      expect(event!.pickupPoint?.name).toBe(row.pickup.name);
      if (row.pickup.address) expect(event!.pickupPoint?.address).toBe(row.pickup.address);
      if (row.pickup.hours) expect(event!.pickupPoint?.openingHours).toBe(row.pickup.hours);
      expect(event!.pickupDeadline).toBe(row.pickup.deadline);
    } else {
      expect(event!.pickupPoint).toBeUndefined();
    }
    // Every event of a parcel names the same tracking number, in time order.
    expect(new Set(events.map((e) => e.trackingNumber)).size).toBe(1);
    const times = events.map((e) => e.occurredAt.getTime());
    expect([...times].sort((a, b) => a - b)).toEqual(times);
  });

  it('rejects a body that is not its format', () => {
    expect(() => adapters[carrier].parse('{"hello":')).toThrow(CarrierFormatError);
    expect(() => adapters[carrier].parse('[1, 2, 3]')).toThrow(CarrierFormatError);
  });
});

describe('bring Event Cast push', () => {
  it('reads the push with its UTC `+0000` time and the carrier event id', () => {
    const [event, ...rest] = adapters.bring.parse(load('bring', 'event-cast'));
    expect(rest).toHaveLength(0);
    expect(event).toMatchObject({ carrier: 'bring', trackingNumber: '00370701120004077962', eventId: '4b0f7c86-8f4e-4c43-9a55-0f7b2f8a1d10', carrierCode: 'READY_FOR_PICKUP', status: 'available_for_pickup' });
    expect(event!.occurredAt.toISOString()).toBe('2026-11-19T11:20:00.000Z');
  });
});

describe('budbee home vs locker', () => {
  it('a home "Delivered" is delivered, the same code in a locker order is not', () => {
    const home = adapters.budbee.parse(load('budbee', 'delivered')).at(-1)!;
    const box = adapters.budbee.parse(load('budbee', 'available_for_pickup')).at(-1)!;
    expect(home.carrierCode).toBe('Delivered');
    expect(box.carrierCode).toBe('Delivered');
    expect(home.status).toBe('delivered');
    expect(box.status).toBe('available_for_pickup');
  });
});
