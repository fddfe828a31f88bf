import { describe, expect, it } from 'vitest';
import { createBareShipment } from '@/test/api-factories';
import { testDb } from '@/test/db';
import { eventsOf, typesOf } from '@/test/events';
import { ingestEvents, type NormalizedEvent } from './ingest-events';

const db = testDb();

describe('tracking ingest domain events', () => {
  it('a batch writes shipment.status_changed per changed parcel and shipment.delivered, all in its one transaction; a re-sent batch writes nothing', async () => {
    const a = await createBareShipment(db);
    const b = await createBareShipment(db);
    const at = (h: number) => new Date(Date.UTC(2026, 10, 20, h));
    const batch: NormalizedEvent[] = [
      { carrier: 'posti', trackingNumber: a.trackingNumber, eventId: 'a1', carrierCode: 'A', status: 'in_transit', description: 'Sorted', occurredAt: at(8) },
      { carrier: 'posti', trackingNumber: b.trackingNumber, eventId: 'b1', carrierCode: 'A', status: 'in_transit', description: 'Sorted', occurredAt: at(8) },
      { carrier: 'posti', trackingNumber: b.trackingNumber, eventId: 'b2', carrierCode: 'D', status: 'delivered', description: 'Delivered', occurredAt: at(12) },
    ];
    await ingestEvents(db, batch, 'webhook');
    const ofA = await eventsOf(db, { orderId: a.orderId });
    const ofB = await eventsOf(db, { orderId: b.orderId });
    expect(typesOf(ofA)).toEqual(['shipment.status_changed']);
    expect(ofA[0]).toMatchObject({ actorType: 'carrier', actorId: 'posti', data: { shipmentId: a.shipmentId, orderId: a.orderId, from: 'info_received', to: 'in_transit' } });
    expect(typesOf(ofB)).toEqual(['shipment.status_changed', 'shipment.delivered']);
    expect(ofB[0]!.data).toMatchObject({ from: 'info_received', to: 'delivered' });
    expect(new Set([...ofA, ...ofB].map((e) => e.txId)).size).toBe(1);

    await ingestEvents(db, batch, 'webhook');
    expect(await eventsOf(db, { orderId: b.orderId })).toHaveLength(2);
  });
});
