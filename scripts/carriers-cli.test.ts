import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

/** `npm run carriers -- parse …` as a shop runs it: a real process on copied fixtures. */
const run = (args: string[], input?: string) => spawnSync(process.execPath, ['--import', 'tsx', 'scripts/carriers.mjs', ...args], { encoding: 'utf8', input });

describe('npm run carriers -- parse', { timeout: 60_000 }, () => {
  it('prints the normalized events of a Bring Tracking API answer as JSON lines, times with the offset asked for', () => {
    const r = run(['parse', 'bring', 'fixtures/carriers/bring/tracking-ready-for-pickup.json', '--kind', 'tracking', '--zone', 'Europe/Oslo']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines).toHaveLength(2);
    expect(lines[1]).toEqual({
      trackingNumber: 'TESTPACKAGEATPICKUPPOINT',
      status: 'available_for_pickup',
      subStatus: null,
      occurredAt: '2010-10-01T08:30:25+02:00',
      location: 'LØTEN',
      description: 'The shipment has arrived at pickup point.',
      carrierCode: 'READY_FOR_PICKUP',
      pickupPoint: { id: '122608', name: 'LØTEN', address: null },
      pickupDeadline: '2011-12-01',
    });
  });

  it('reads standard input; DHL times from the Netherlands come back in UTC by default', () => {
    const body = `{"shipments":[{"id":"1234567897","events":[{"timestamp":"2026-11-20T10:00:00","statusCode":"transit","description":"Processed","location":{"address":{"countryCode":"NL","addressLocality":"Amsterdam"}}}]}]}`;
    const r = run(['parse', 'dhl', '-'], body);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).occurredAt).toBe('2026-11-20T09:00:00+00:00');
  });

  it('exits 1 with a clear message when the body is not the carrier’s format', () => {
    const r = run(['parse', 'postnord', 'fixtures/carriers/bring/tracking-delivered.json']);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('Not a PostNord document: Not a PostNord TrackingInformationResponse.');
  });

  it('exits 1 for a push from a carrier that does not push, an unknown carrier or a missing file', () => {
    expect(run(['parse', 'posti', 'fixtures/carriers/posti/pakettikauppa-shipment-status.json', '--kind', 'push']).status).toBe(1);
    const unknown = run(['parse', 'ups', '-'], '{}');
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toContain('Unknown carrier "ups"');
    const missing = run(['parse', 'bring', 'fixtures/carriers/bring/nope.json']);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain('Cannot read fixtures/carriers/bring/nope.json');
  });

  it('exits 2 when the document is the carrier’s "not found"', () => {
    const r = run(['parse', 'bring', 'fixtures/carriers/bring/tracking-not-found.json']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('Not found: Bring: No shipments found');
  });
});
