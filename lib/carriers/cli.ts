/**
 * `npm run carriers -- parse <carrier> <file|-> [--kind tracking|push] [--zone <IANA zone>]`: reads one carrier
 * document and prints the normalized events as JSON lines, so a shop can check a payload of its own.
 * Exit codes: 0 events (possibly none), 1 usage or format error, 2 the carrier's own "not found".
 */
import type { NormalizedEvent } from '@/lib/carriers/normalized-event';
import { formatWithOffset } from '@/lib/time/zoned';
import { CarrierFormatError, type DocumentKind } from './carrier';
import { carrierOf, registry } from './registry';

export type CliIo = { readFile(path: string): Promise<string>; readStdin(): Promise<string>; out(line: string): void; err(line: string): void };

const USAGE = `usage: npm run carriers -- parse <carrier> <file|-> [--kind tracking|push] [--zone <IANA zone, default UTC>]
carriers: ${Object.keys(registry).join(', ')}`;

/** One event as the CLI prints it: the normalized fields, `occurredAt` as ISO with an offset. */
export function eventLine(e: NormalizedEvent, zone: string): Record<string, unknown> {
  return {
    trackingNumber: e.trackingNumber,
    status: e.status,
    subStatus: e.subStatus ?? null,
    occurredAt: formatWithOffset(e.occurredAt, zone),
    location: e.location ?? null,
    description: e.description ?? null,
    carrierCode: e.carrierCode ?? null,
    pickupPoint: e.pickupPoint ? { id: e.pickupPoint.id ?? null, name: e.pickupPoint.name, address: e.pickupPoint.address ?? null } : null,
    pickupDeadline: e.pickupDeadline ?? null,
  };
}

function validZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export async function runCarriersCli(args: string[], io: CliIo): Promise<number> {
  const [command, carrierId, source, ...rest] = args;
  const fail = (message: string) => {
    io.err(message);
    return 1;
  };
  if (command !== 'parse' || !carrierId || !source) return fail(USAGE);
  const carrier = carrierOf(carrierId);
  if (!carrier) return fail(`Unknown carrier "${carrierId}".\n${USAGE}`);
  let kind: DocumentKind | undefined;
  let zone = 'UTC';
  for (let i = 0; i < rest.length; i += 1) {
    const [flag, value] = [rest[i], rest[i + 1]];
    if (flag === '--kind' && (value === 'tracking' || value === 'push')) kind = value;
    else if (flag === '--zone' && value && validZone(value)) zone = value;
    else return fail(`Unknown or incomplete option "${flag}${value ? ` ${value}` : ''}".\n${USAGE}`);
    i += 1;
  }
  if (kind === 'push' && !carrier.pushes) return fail(`${carrier.name} does not push tracking events; use --kind tracking.`);
  let raw: string;
  try {
    raw = source === '-' ? await io.readStdin() : await io.readFile(source);
  } catch (e) {
    return fail(`Cannot read ${source}: ${e instanceof Error ? e.message : String(e)}`);
  }
  try {
    const outcome = carrier.parse(raw, kind);
    if (outcome.kind === 'not_found') {
      io.err(`Not found: ${outcome.message}`);
      return 2;
    }
    for (const e of outcome.events) io.out(JSON.stringify(eventLine(e, zone)));
    return 0;
  } catch (e) {
    if (e instanceof CarrierFormatError) return fail(`Not a ${carrier.name}${kind ? ` ${kind}` : ''} document: ${e.message}`);
    throw e;
  }
}
