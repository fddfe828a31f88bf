import { type CodeEntry, info, s } from '../code-entry';

// §2.2: PostNord ItemStatus; numeric event code 113 is the only out-for-delivery signal.
export const postnordCodes: Record<string, CodeEntry> = {
  CREATED: s('info_received'),
  INFORMED: s('info_received'),
  EN_ROUTE: s('in_transit'),
  DELAYED: s('in_transit'),
  EXPECTED_DELAY: s('in_transit'),
  '113': s('out_for_delivery'),
  AVAILABLE_FOR_DELIVERY: s('available_for_pickup'),
  AVAILABLE_FOR_DELIVERY_PAR_LOC: s('available_for_pickup'),
  DELIVERY_IMPOSSIBLE: s('failed_attempt'),
  DELIVERY_REFUSED: s('exception', 'other'),
  DELIVERED: s('delivered'),
  RETURNED: s('returned_to_sender'),
  STOPPED: s('exception', 'other'),
  OTHER: info,
};
