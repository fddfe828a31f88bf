import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CarrierId } from '@/lib/core/enums';
import { adapters, CarrierFormatError } from './index';

// Whatever a sender posts, an adapter either reads events or says "not my format" — never another error
// (which the webhook would have to turn into a 5xx).
const keys = ['shipments', 'events', 'items', 'TrackingInformationResponse', 'MHTrackingResults', 'consignmentSet', 'packageSet', 'eventSet', 'orders', 'token', 'type', 'status', 'id', 'package', 'created', 'tracking_code', 'status_code', 'event_timestamp', 'itemId', 'eventTime', 'EventCode', 'EventTime', 'ShipmentNumber', 'statusCode', 'timestamp', 'location', 'address', 'state', 'date', 'dateIso', 'pickup_point', 'deliveryPoint', 'lockerAddress'];
const leaf = fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(null), fc.constantFrom('2026-11-20T10:00:00', '2026-11-20 10:00:00', '45', 'BOX', 'transit', 'failure', 'Delivered'));
const value = fc.letrec((tie) => ({
  node: fc.oneof({ depthSize: 'small' }, leaf, fc.array(tie('node'), { maxLength: 3 }), fc.dictionary(fc.constantFrom(...keys), tie('node'), { maxKeys: 5 })),
})).node;

describe.each(Object.keys(adapters) as CarrierId[])('%s adapter on arbitrary JSON', (carrier) => {
  it('returns events or throws CarrierFormatError', () => {
    fc.assert(
      fc.property(value, (v) => {
        try {
          const events = adapters[carrier].parse(JSON.stringify(v) ?? 'null');
          for (const e of events) expect(Number.isNaN(e.occurredAt.getTime())).toBe(false);
        } catch (e) {
          if (!(e instanceof CarrierFormatError)) throw e;
        }
      }),
      { numRuns: 400 },
    );
  });
});

// Our generator's documents and the published ones (fixtures/SOURCES.md).
const dirs = [path.resolve(import.meta.dirname, '../../../test/generated/carriers'), path.resolve(import.meta.dirname, '../../../fixtures/carriers')];

function paths(v: unknown, prefix: Array<string | number> = []): Array<Array<string | number>> {
  if (Array.isArray(v)) return [prefix, ...v.flatMap((x, i) => paths(x, [...prefix, i]))];
  if (v && typeof v === 'object') return [prefix, ...Object.entries(v).flatMap(([k, x]) => paths(x, [...prefix, k]))];
  return [prefix];
}

function replaced(doc: unknown, at: Array<string | number>, next: unknown): unknown {
  if (at.length === 0) return next;
  const copy = structuredClone(doc) as Record<string | number, unknown>;
  let node = copy;
  for (const key of at.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  node[at.at(-1)!] = next;
  return copy;
}

/** Tracking and push documents only: booking (XML) and service-point answers go through other parsers. */
function isTrackingDocument(file: string): boolean {
  return file.endsWith('.json') && !file.startsWith('booking-') && !file.startsWith('service-points-') && !file.startsWith('push-subscription-');
}

describe.each(Object.keys(adapters) as CarrierId[])('%s adapter on damaged real documents', (carrier) => {
  const docs = dirs.flatMap((dir) => (existsSync(path.join(dir, carrier)) ? readdirSync(path.join(dir, carrier)).filter((f) => isTrackingDocument(f)).map((f) => JSON.parse(readFileSync(path.join(dir, carrier, f), 'utf8'))) : []));
  it('one field replaced by anything: events or CarrierFormatError', () => {
    fc.assert(
      fc.property(fc.nat(), fc.nat(), value, (d, p, next) => {
        const doc = docs[d % docs.length];
        const all = paths(doc);
        const mutated = replaced(doc, all[p % all.length]!, next);
        try {
          adapters[carrier].parse(JSON.stringify(mutated) ?? 'null');
        } catch (e) {
          if (!(e instanceof CarrierFormatError)) throw e;
        }
      }),
      { numRuns: 600 },
    );
  });
});
