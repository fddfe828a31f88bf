/**
 * The pure facts of every carrier (name, holding period, transit time, tracking URL, number pattern), one
 * file per carrier in `lib/carriers/<carrier>/facts.ts`. No parsers and no database, so client pages can
 * import it (through catalog.ts).
 */
import type { CarrierId } from '@/lib/core/enums';
import { bringFacts } from './bring/facts';
import { budbeeFacts } from './budbee/facts';
import type { CarrierFacts } from './carrier';
import { dhlFacts } from './dhl/facts';
import { instaboxFacts } from './instabox/facts';
import { matkahuoltoFacts } from './matkahuolto/facts';
import { postiFacts } from './posti/facts';
import { postnordFacts } from './postnord/facts';

/** In the order of the database enum. */
export const carrierFacts: Record<CarrierId, CarrierFacts> = {
  posti: postiFacts,
  postnord: postnordFacts,
  matkahuolto: matkahuoltoFacts,
  bring: bringFacts,
  budbee: budbeeFacts,
  dhl: dhlFacts,
  instabox: instaboxFacts,
};
