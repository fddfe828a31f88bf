import { type CodeEntry, info, s } from '../code-entry';

// §1.2: Posti IFTSTA codes as exposed by Nextshipping/Pakettikauppa.
export const postiCodes: Record<string, CodeEntry> = {
  '68': s('info_received'),
  '13': s('in_transit'),
  '31': s('in_transit'),
  '48': s('in_transit'),
  '99': s('in_transit'),
  '91': s('in_transit'),
  '71': s('out_for_delivery'),
  '45': s('available_for_pickup'),
  '56': s('failed_attempt'),
  '22': s('delivered'),
  '77': s('returned_to_sender'),
  '20': s('exception', 'other'),
  '38': info, // COD paid to sender
};
