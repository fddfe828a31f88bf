import type { Carrier } from '../carrier';
import { matkahuoltoBooking } from './booking';
import { matkahuoltoFacts } from './facts';
import { matkahuoltoServicePoints } from './service-points';
import { parseMatkahuolto } from './tracking';

export const matkahuolto: Carrier = {
  ...matkahuoltoFacts,
  pushes: false,
  parse: (raw) => parseMatkahuolto(raw),
  servicePoints: matkahuoltoServicePoints,
  booking: matkahuoltoBooking,
};
