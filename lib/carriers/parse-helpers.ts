/** Helpers the carriers' parsers share (lib/carriers/<carrier>/tracking.ts). */
import type { CarrierId } from '@/lib/core/enums';
import type { ExceptionSubStatus } from '@/lib/core/enums';
import type { NormalizedEvent } from '@/lib/carriers/normalized-event';
import { CarrierFormatError } from './carrier';
import { lookupCode, SAFE_UNKNOWN_STATUS } from './codes';

export { CarrierFormatError } from './carrier';

/** JSON, or a CarrierFormatError that says what was not (`what`: e.g. "bring: the service-point answer"). */
export function parseJson(raw: string, what = 'The body'): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    throw new CarrierFormatError(`${what} is not JSON.`);
  }
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function str(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

export function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** The first of `keys` that holds a non-empty string or number (carriers vary the casing: `EventCode`, `eventCode`). */
export function field(o: Record<string, unknown>, ...keys: string[]): string | undefined {
  for (const key of keys) {
    const v = str(o[key]);
    if (v !== undefined) return v;
  }
  return undefined;
}

/** The first of `keys` that holds an array. */
export function arrayField(o: Record<string, unknown>, ...keys: string[]): unknown[] | undefined {
  for (const key of keys) if (Array.isArray(o[key])) return o[key] as unknown[];
  return undefined;
}

/** The first of `keys` that holds an object. */
export function objectField(o: Record<string, unknown>, ...keys: string[]): Record<string, unknown> | undefined {
  for (const key of keys) {
    const v = o[key];
    if (isObject(v)) return v;
  }
  return undefined;
}

/**
 * Exception sub-type from the carrier's free text (no carrier publishes cause codes we could use, §10).
 * Finnish, Swedish, Norwegian, Danish and English words.
 */
export function exceptionSubFromText(text: string | undefined): ExceptionSubStatus {
  const t = (text ?? '').toLowerCase();
  if (/tull|customs|toll(?!e)|told/.test(t)) return 'customs';
  if (/osoit|address|adress/.test(t)) return 'address_issue';
  if (/vaurio|damage|skad|rikki|broken/.test(t)) return 'damaged';
  if (/sää|weather|väder|vær|storm|snow|lumi/.test(t)) return 'weather';
  if (/kadon|lost|försvunn|forsvunn|mist/.test(t)) return 'lost';
  return 'other';
}

export type Draft = NormalizedEvent & { info?: boolean };

/**
 * Maps a code through the carrier's table. Unknown codes keep the carrier's text under the safe status and are
 * flagged `unmappedCode`. Informational codes are marked for `settleInformational`.
 */
export function draft(carrier: CarrierId, code: string, base: Omit<NormalizedEvent, 'carrier' | 'status' | 'carrierCode'>, options: { box?: boolean } = {}): Draft {
  const entry = lookupCode(carrier, code, options);
  const event: Draft = { carrier, carrierCode: code, ...base, status: entry?.status ?? SAFE_UNKNOWN_STATUS };
  if (!entry) event.unmappedCode = true;
  if (entry?.subStatus) event.subStatus = entry.status === 'exception' && entry.subStatus === 'other' ? exceptionSubFromText(base.description) : entry.subStatus;
  if (entry?.info) event.info = true;
  return stripUndefined(event);
}

function stripUndefined<T extends object>(value: T): T {
  for (const key of Object.keys(value) as Array<keyof T>) if (value[key] === undefined) delete value[key];
  return value;
}

/** Informational events (a notice, a booking change) take the status of the parcel's previous event. */
export function settleInformational(drafts: Draft[]): NormalizedEvent[] {
  const sorted = [...drafts].sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime());
  const last = new Map<string, NormalizedEvent>();
  const out: NormalizedEvent[] = [];
  for (const d of sorted) {
    const { info, ...event } = d;
    const previous = last.get(event.trackingNumber);
    if (info && previous) {
      event.status = previous.status;
      if (previous.subStatus) event.subStatus = previous.subStatus;
    }
    if (!info && !event.unmappedCode) last.set(event.trackingNumber, event);
    out.push(event);
  }
  return out;
}

export function requireTime(value: Date | null, what: string): Date {
  if (!value) throw new CarrierFormatError(`${what}: missing or unreadable time.`);
  return value;
}
