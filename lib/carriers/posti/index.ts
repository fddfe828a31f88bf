import type { Carrier } from '../carrier';
import { postiBooking } from './booking';
import { postiFacts } from './facts';
import { postiServicePoints } from './service-points';
import { parsePosti } from './tracking';

export const posti: Carrier = {
  ...postiFacts,
  pushes: false,
  parse: (raw) => parsePosti(raw),
  servicePoints: postiServicePoints,
  booking: postiBooking,
};
