import { type CodeEntry, info, s } from '../code-entry';

// §3.2: Matkahuolto tracking event codes.
export const matkahuoltoCodes: Record<string, CodeEntry> = {
  '02': s('info_received'),
  '08': s('in_transit'),
  '10': s('in_transit'),
  '12': s('in_transit'),
  '15': s('in_transit'),
  '25': s('in_transit'),
  '35': s('in_transit'),
  '40': s('in_transit'),
  '41': s('in_transit'),
  '45': s('out_for_delivery'),
  '46': s('in_transit'),
  '47': s('in_transit'),
  '48': s('in_transit'),
  '50': s('available_for_pickup'),
  '55': s('available_for_pickup'),
  '56': s('available_for_pickup'),
  '57': s('available_for_pickup'),
  '60': s('delivered'),
  '61': s('delivered'),
  '62': s('exception', 'other'),
  '65': info, // COD paid to sender
  '70': s('returned_to_sender'),
  '97': s('failed_attempt'),
  '104': s('exception', 'other'),
};
