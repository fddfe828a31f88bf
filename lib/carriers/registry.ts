/**
 * Every carrier Paluu supports, each behind the one `Carrier` interface (lib/carriers/carrier.ts) and
 * implemented in its own folder `lib/carriers/<carrier>/`.
 */
import type { CarrierId } from '@/lib/core/enums';
import { bring } from './bring';
import { budbee } from './budbee';
import type { Carrier } from './carrier';
import { dhl } from './dhl';
import { instabox } from './instabox';
import { matkahuolto } from './matkahuolto';
import { posti } from './posti';
import { postnord } from './postnord';

/** In the order of the database enum. */
export const registry: Record<CarrierId, Carrier> = { posti, postnord, matkahuolto, bring, budbee, dhl, instabox };

export function carrierOf(id: string): Carrier | undefined {
  return Object.hasOwn(registry, id) ? registry[id as CarrierId] : undefined;
}
