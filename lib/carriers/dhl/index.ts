import type { Carrier } from '../carrier';
import { dhlFacts } from './facts';
import { parseDhl } from './tracking';

export const dhl: Carrier = {
  ...dhlFacts,
  pushes: true,
  parse: (raw) => parseDhl(raw),
};
