import { type CodeEntry, info, s } from '../code-entry';

// §6: DHL Unified statusCode; the adapter refines transit/failure from the description.
export const dhlCodes: Record<string, CodeEntry> = {
  'pre-transit': s('info_received'),
  transit: s('in_transit'),
  delivered: s('delivered'),
  failure: s('exception', 'other'),
  unknown: info,
};
