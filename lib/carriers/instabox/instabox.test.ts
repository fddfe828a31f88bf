/**
 * Instabox, the seventh carrier, against the example of Instabee's own API documentation
 * (fixtures/carriers/instabox/, fixtures/SOURCES.md). The expected values are read off that document.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { adapters } from '../adapters';
import { carrierName, carriers } from '../catalog';
import { CarrierFormatError, type TrackingOutcome } from '../carrier';
import { runCarriersCli } from '../cli';
import { lookupCode } from '../codes';
import { isPushCarrier } from '../receive-webhook';
import { carrierOf } from '../registry';
import { checkTrackingNumber } from '../tracking-number';

const file = path.resolve(import.meta.dirname, '../../../fixtures/carriers/instabox/locker-checkpoint-customer-pickup.json');
const raw = readFileSync(file, 'utf8');
const instabox = carrierOf('instabox')!;

function eventsOf(outcome: TrackingOutcome) {
  if (outcome.kind !== 'events') throw new Error(`expected events, got ${outcome.kind}`);
  return outcome.events;
}

describe('Instabox, against the locker checkpoint webhook example of Instabee’s API docs', () => {
  it('the customer’s pickup from the locker is the delivery, at the UTC time of the checkpoint', () => {
    const events = eventsOf(instabox.parse(raw, 'push'));
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      carrier: 'instabox',
      trackingNumber: 'SHOP000000123456',
      carrierCode: 'CustomerPickupCheckpoint',
      status: 'delivered',
      eventId: 'cp_abc123',
      description: 'Consumer picked up parcel from locker',
      location: 'Central Station Stockholm',
    });
    expect(events[0]!.occurredAt.toISOString()).toBe('2025-06-01T16:10:00.000Z');
    expect(events[0]!.unmappedCode).toBeUndefined();
  });

  it('the courier’s drop-off at the locker is the arrival at the pickup point, named by locationName', () => {
    // The same document with another checkpoint type of the docs' table (changed here, in the test).
    const dropOff = JSON.stringify({ ...JSON.parse(raw), type: 'CourierDropoffCheckpoint', typeDescription: 'Dropped off at locker by courier' });
    const [event] = eventsOf(instabox.parse(dropOff));
    expect(event).toMatchObject({ status: 'available_for_pickup', pickupPoint: { name: 'Central Station Stockholm' } });
  });

  it('every checkpoint type of the docs’ table has a status; a lost parcel is an exception "lost"', () => {
    const types = ['InitialCheckpoint', 'InitialReturnCheckpoint', 'SortingMachineCheckpoint', 'SortingStationCheckpoint', 'CourierDropoffCheckpoint', 'CourierPickupCheckpoint', 'CustomerPickupCheckpoint', 'CustomerDropoffCheckpoint', 'ReturnedToSenderCheckpoint', 'ReturnToSenderCheckpoint', 'ParcelLostCheckpoint', 'ChangePickupPointCheckpoint', 'CustomerHomeDeliveryBooked', 'CustomerHomeDeliverySuccess', 'CustomerHomeDeliveryFail'];
    for (const t of types) expect(lookupCode('instabox', t), t).toBeDefined();
    expect(lookupCode('instabox', 'ParcelLostCheckpoint')).toEqual({ status: 'exception', subStatus: 'lost' });
    expect(lookupCode('instabox', 'CustomerHomeDeliveryFail')).toEqual({ status: 'failed_attempt' });
  });

  it('another carrier’s document, a checkpoint without parcelId, or a tracking-answer claim is a format error', () => {
    expect(() => instabox.parse('{"apiVersion":"2","consignmentSet":[]}')).toThrow(CarrierFormatError);
    expect(() => instabox.parse(JSON.stringify({ ...JSON.parse(raw), parcelId: undefined }))).toThrow(CarrierFormatError);
    expect(() => instabox.parse(raw, 'tracking')).toThrow(CarrierFormatError);
    expect(() => adapters.instabox.parse('not json')).toThrow(CarrierFormatError);
  });
});

describe('Instabox in the registry: one folder, one registry line', () => {
  it('is a supported carrier with its name, and pushes (its webhook URL exists)', () => {
    expect(carriers).toContain('instabox');
    expect(carrierName('instabox')).toBe('Instabox');
    expect(isPushCarrier('instabox')).toBe(true);
    expect(instabox.trackingUrl(' SHOP000000123456 ')).toBe('https://track.instabox.io/SHOP000000123456');
  });

  it('tracking numbers: a merchant prefix and digits, as in the docs’ parcelId examples', () => {
    expect(checkTrackingNumber('instabox', 'SHOP000000123456')).toBe('SHOP000000123456');
    expect(checkTrackingNumber('instabox', 'prefix 1234567890')).toBe('PREFIX1234567890');
    expect(checkTrackingNumber('instabox', '1234567890')).toBeNull();
    expect(checkTrackingNumber('instabox', 'SHOP12')).toBeNull();
    expect(checkTrackingNumber('instabox', 'RR123456789SE')).toBeNull();
  });
});

describe('npm run carriers -- parse instabox', () => {
  it('prints the public example as one JSON line (exit 0), and refuses --kind tracking (exit 1)', async () => {
    const out: string[] = [];
    const err: string[] = [];
    const io = { readFile: async () => raw, readStdin: async () => raw, out: (l: string) => out.push(l), err: (l: string) => err.push(l) };
    expect(await runCarriersCli(['parse', 'instabox', file, '--zone', 'Europe/Stockholm'], io)).toBe(0);
    expect(out).toHaveLength(1);
    expect(JSON.parse(out[0]!)).toMatchObject({ trackingNumber: 'SHOP000000123456', status: 'delivered', occurredAt: '2025-06-01T18:10:00+02:00', location: 'Central Station Stockholm' });
    expect(await runCarriersCli(['parse', 'instabox', '-', '--kind', 'tracking'], io)).toBe(1);
    expect(err.join('\n')).toContain('Instabox has no tracking API answer');
  });
});
