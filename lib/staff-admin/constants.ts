/**
 * Plain lists the admin forms need in the browser, kept free of server imports (db schema, delays
 * settings). constants.test.ts checks they match their sources.
 */
import { type Carrier, carriers } from '@/lib/carriers/catalog';

/** The case types lib/sla has targets for (`CaseType` in lib/sla/sla.ts). */
export const CASE_TYPES = ['return', 'exchange', 'claim', 'delivery_issue', 'withdrawal', 'question'] as const;
/** `carrierEnum` values, from the carrier registry's facts (client-safe), so a new carrier needs no edit here. */
export const CARRIER_IDS = carriers as [Carrier, ...Carrier[]];
/** `DELAY_KINDS` of lib/delays/settings.ts (= delayKindEnum). */
export const DELAY_KIND_IDS = ['dispatch_late', 'no_first_scan', 'stalled_in_transit', 'eta_breached', 'carrier_exception', 'failed_attempt', 'pickup_expiring'] as const;
export type DelayKindId = (typeof DELAY_KIND_IDS)[number];
