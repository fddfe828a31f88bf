/**
 * One carrier behind one interface (issue #14): everything Paluu knows about a carrier lives in
 * `lib/carriers/<carrier>/` and is reached through `registry.ts`. Pure facts (name, holding period, tracking
 * URL, number pattern) are in `<carrier>/facts.ts` so client pages can import them without the parsers.
 */
import type { CarrierId } from '@/lib/core/enums';
import type { NormalizedEvent } from '@/lib/carriers/normalized-event';
import type { ServicePointSearch } from '@/lib/carriers/service-point';
import type { CarrierPush } from './push-api';
import type { CarrierBooking } from '@/lib/carriers/booking';

/** The body is not this carrier's format (webhook → 400, inbox row → parked, CLI → exit 1). */
export class CarrierFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CarrierFormatError';
  }
}

/**
 * The carrier answered in its own format that it does not know the number. A format error too (nothing to
 * ingest, never retried), but callers that care (the poller, the CLI) can tell it from "no events yet".
 */
export class CarrierNotFoundError extends CarrierFormatError {
  constructor(
    message: string,
    readonly trackingNumbers: string[] = [],
  ) {
    super(message);
    this.name = 'CarrierNotFoundError';
  }
}

/** What one carrier document says: events (possibly none yet), or "not found". */
export type TrackingOutcome =
  | {
      kind: 'events';
      events: NormalizedEvent[];
      /** Multi-piece shipments: the piece numbers of a shipment number (DHL `details.pieceIds`). */
      pieces?: Record<string, string[]>;
    }
  | { kind: 'not_found'; trackingNumbers: string[]; message: string };

/** Which document a body is: the pull answer (`tracking`) or a webhook body (`push`). */
export type DocumentKind = 'tracking' | 'push';

export type CarrierFacts = {
  id: CarrierId;
  /** How the carrier names itself to consumers. */
  name: string;
  /** Calendar days a parcel waits at a pickup point or locker before it goes back to the sender. */
  holdingDays: number;
  /** Domestic transit in business days when the carrier gives no ETA: `typical`, and `max` the shop can still promise. */
  transitBusinessDays: { typical: number; max: number };
  /** False when the public page has no per-parcel link and the customer must type the number in. */
  deepLink: boolean;
  /** The carrier's public tracking page for a parcel (always https). */
  trackingUrl(trackingNumber: string, options?: { locale?: string }): string;
  /** True when a normalized number (upper case, no spaces) fits one of the carrier's number formats. */
  isTrackingNumber(normalized: string): boolean;
};

export type Carrier = CarrierFacts & {
  /**
   * Reads one document of the carrier's own format (`kind` when the caller knows whether it is a pull answer
   * or a webhook body). Throws CarrierFormatError for anything else.
   */
  parse(raw: string, kind?: DocumentKind): TrackingOutcome;
  /** Whether the carrier pushes (a webhook body is a `push` document). */
  pushes: boolean;
  /** Nearest drop-off and pickup points for a postal code (lib/carriers/<carrier>/service-points.ts); absent = none offered. */
  servicePoints?: ServicePointSearch;
  /** Push subscription management (`<carrier>/push.ts`) for carriers whose pushes must be subscribed to. */
  push?: CarrierPush;
  /** Return booking through the carrier's (or its aggregator's) API, where Paluu has a client (`<carrier>/booking.ts`). */
  booking?: CarrierBooking;
};

/** Events of an outcome; a "not found" becomes a CarrierNotFoundError (for callers that only ingest events). */
export function eventsOf(outcome: TrackingOutcome): NormalizedEvent[] {
  if (outcome.kind === 'not_found') throw new CarrierNotFoundError(outcome.message, outcome.trackingNumbers);
  return outcome.events;
}
