/**
 * Plain lists the admin forms need in the browser, kept free of server-only imports (delays settings).
 * Case types and carrier ids are the database enums' (lib/core/enums.ts, client-safe);
 * constants.test.ts checks the rest match their sources.
 */
import { CARRIER_IDS, CASE_TYPES } from '@/lib/core/enums';

/** The case types lib/sla has targets for (`CaseType` in lib/sla/sla.ts). */
export { CASE_TYPES };
/** `carrierEnum` values, so a new carrier needs no edit here. */
export { CARRIER_IDS };
/** `DELAY_KINDS` of lib/delays/settings.ts (= delayKindEnum). */
export const DELAY_KIND_IDS = ['dispatch_late', 'no_first_scan', 'stalled_in_transit', 'eta_breached', 'carrier_exception', 'failed_attempt', 'pickup_expiring'] as const;
export type DelayKindId = (typeof DELAY_KIND_IDS)[number];
