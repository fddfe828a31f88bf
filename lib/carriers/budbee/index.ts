import type { Carrier } from '../carrier';
import { budbeeFacts } from './facts';
import { budbeeServicePoints } from './service-points';
import { parseBudbee } from './tracking';

export const budbee: Carrier = {
  ...budbeeFacts,
  pushes: false,
  parse: (raw) => parseBudbee(raw),
  servicePoints: budbeeServicePoints,
};
