import { type Carrier, CarrierFormatError } from '../carrier';
import { instaboxFacts } from './facts';
import { parseInstabox } from './tracking';

export const instabox: Carrier = {
  ...instaboxFacts,
  pushes: true,
  parse: (raw, kind) => {
    // Instabee publishes no tracking (pull) answer; its documents are webhook checkpoints.
    if (kind === 'tracking') throw new CarrierFormatError('Instabox has no tracking API answer here; its documents are webhook checkpoints (push).');
    return parseInstabox(raw);
  },
};
