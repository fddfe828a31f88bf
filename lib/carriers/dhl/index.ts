import type { Carrier } from '../carrier';
import { dhlBooking } from './booking';
import { dhlFacts } from './facts';
import { dhlPush } from './push';
import { dhlServicePoints } from './service-points';
import { parseDhl } from './tracking';

export const dhl: Carrier = {
  ...dhlFacts,
  pushes: true,
  push: dhlPush,
  booking: dhlBooking,
  parse: (raw) => parseDhl(raw),
  servicePoints: dhlServicePoints,
};
