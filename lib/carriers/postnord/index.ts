import type { Carrier } from '../carrier';
import { postnordBooking } from './booking';
import { postnordFacts } from './facts';
import { postnordServicePoints } from './service-points';
import { parsePostnord } from './tracking';

export const postnord: Carrier = {
  ...postnordFacts,
  pushes: false,
  parse: (raw) => parsePostnord(raw),
  servicePoints: postnordServicePoints,
  booking: postnordBooking,
};
