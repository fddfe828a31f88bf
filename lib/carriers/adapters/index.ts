/**
 * The ingest paths' view of the carriers (webhook, inbox, poller): a document → its events. A "not found"
 * answer throws CarrierNotFoundError (a CarrierFormatError: nothing to ingest, never retried). The carriers
 * themselves live in lib/carriers/<carrier>/ behind lib/carriers/registry.ts.
 */
import type { CarrierId } from '@/lib/core/enums';
import type { NormalizedEvent } from '@/lib/carriers/normalized-event';
import { type DocumentKind, eventsOf } from '../carrier';
import { registry } from '../registry';

export type CarrierAdapter = {
  carrier: CarrierId;
  /** Parses one delivery (webhook body or poll response) in the carrier's own format; `kind` when known. */
  parse(raw: string, kind?: DocumentKind): NormalizedEvent[];
};

export const adapters = Object.fromEntries(
  Object.values(registry).map((c) => [c.id, { carrier: c.id, parse: (raw: string, kind?: DocumentKind) => eventsOf(c.parse(raw, kind)) }]),
) as Record<CarrierId, CarrierAdapter>;

export { CarrierFormatError, CarrierNotFoundError } from '../carrier';
