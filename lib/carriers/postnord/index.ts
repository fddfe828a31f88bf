import type { Carrier } from '../carrier';
import { postnordFacts } from './facts';
import { parsePostnord } from './tracking';

export const postnord: Carrier = {
  ...postnordFacts,
  pushes: false,
  parse: (raw) => parsePostnord(raw),
};
