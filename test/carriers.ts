import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Db } from '../db';
import { shipments } from '../db/schema';
import type { CarrierId } from '../lib/tracking/ingest-events';
import { createOrder } from './factories';

const dir = path.resolve(import.meta.dirname, 'generated/carriers');

/** A fixture's text with its tracking number swapped for one the test owns. */
export function fixtureFor(carrier: CarrierId, name: string, trackingNumber: string): string {
  const raw = readFileSync(path.join(dir, carrier, `${name}.json`), 'utf8');
  const original: Partial<Record<CarrierId, string>> = {
    posti: 'JJFI64321000004417552',
    postnord: '00373123450012345678',
    matkahuolto: 'MH302164795FI',
    bring: '00370701120004077962',
    budbee: 'KQ7M2XP4TN',
    dhl: '4587296313',
  };
  const number = original[carrier];
  if (!number) throw new Error(`test/generated/carriers has no ${carrier} documents`);
  return raw.split(number).join(trackingNumber);
}

/** A shipment of a fresh test order, for events to land on. */
export async function createShipment(db: Db, input: { carrier: CarrierId; trackingNumber: string; status?: (typeof shipments.$inferInsert)['status']; shippedAt?: Date }) {
  const order = await createOrder(db);
  const [row] = await db
    .insert(shipments)
    .values({ orderId: order.id, carrier: input.carrier, trackingNumber: input.trackingNumber, status: input.status ?? 'info_received', shippedAt: input.shippedAt ?? new Date(Date.now() - 2 * 86_400_000) })
    .returning();
  return row!;
}
