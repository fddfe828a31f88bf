import type { Carrier } from '../carrier';
import { postiFacts } from './facts';
import { parsePosti } from './tracking';

export const posti: Carrier = {
  ...postiFacts,
  pushes: false,
  parse: (raw) => parsePosti(raw),
};
