/**
 * Posti's pickup points through its aggregator Pakettikauppa (now Posti's Nextshipping; public API reference,
 * lib/carriers/pakettikauppa-pickup-points.ts). Posti's own location API is not public.
 */
import { type PakettikauppaProvider, pakettikauppaSearch, parsePakettikauppaPoints } from '../pakettikauppa-pickup-points';
import type { ServicePoint } from '../service-point';

/** Pakettikauppa's `provider` "Posti"; Postipaketti (2103) is its product with pickup points ("list shipping methods"). */
const POSTI: PakettikauppaProvider = { carrier: 'posti', provider: 'Posti', product: '2103' };

export const parsePostiServicePoints = (raw: string, countryCode: string): ServicePoint[] => parsePakettikauppaPoints(POSTI, raw, countryCode);
export const postiServicePoints = pakettikauppaSearch(POSTI);
