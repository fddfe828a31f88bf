import type { Carrier } from '../carrier';
import { bringBooking } from './booking';
import { bringFacts } from './facts';
import { bringServicePoints } from './service-points';
import { bringPush } from './push';
import { parseBring } from './tracking';

export const bring: Carrier = {
  ...bringFacts,
  pushes: true,
  push: bringPush,
  parse: (raw, kind) => parseBring(raw, kind),
  servicePoints: bringServicePoints,
  booking: bringBooking,
};
