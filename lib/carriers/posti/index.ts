import type { Carrier } from '../carrier';
import { postiFacts } from './facts';
import { postiServicePoints } from './service-points';
import { parsePosti } from './tracking';

export const posti: Carrier = {
  ...postiFacts,
  pushes: false,
  parse: (raw) => parsePosti(raw),
  servicePoints: postiServicePoints,
};
