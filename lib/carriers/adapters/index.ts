import type { CarrierId } from '@/lib/tracking/ingest-events';
import { bringAdapter } from './bring';
import { budbeeAdapter } from './budbee';
import { dhlAdapter } from './dhl';
import { matkahuoltoAdapter } from './matkahuolto';
import { postiAdapter } from './posti';
import { postnordAdapter } from './postnord';
import type { CarrierAdapter } from './shared';

export const adapters: Record<CarrierId, CarrierAdapter> = {
  posti: postiAdapter,
  postnord: postnordAdapter,
  matkahuolto: matkahuoltoAdapter,
  bring: bringAdapter,
  budbee: budbeeAdapter,
  dhl: dhlAdapter,
};

export { CarrierFormatError } from './shared';
export type { CarrierAdapter } from './shared';
