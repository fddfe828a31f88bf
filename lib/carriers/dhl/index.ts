import type { Carrier } from '../carrier';
import { dhlFacts } from './facts';
import { dhlPush } from './push';
import { parseDhl } from './tracking';

export const dhl: Carrier = {
  ...dhlFacts,
  pushes: true,
  push: dhlPush,
  parse: (raw) => parseDhl(raw),
};
