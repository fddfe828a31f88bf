/**
 * Matkahuolto's pickup points through Pakettikauppa (lib/carriers/pakettikauppa-pickup-points.ts): Matkahuolto's
 * own pickup-point API has no public reference; Pakettikauppa documents that it is "a technical wrapper" to the
 * provider's own search and its example answer holds Matkahuolto rows.
 */
import { type PakettikauppaProvider, pakettikauppaSearch, parsePakettikauppaPoints } from '../pakettikauppa-pickup-points';
import type { ServicePoint } from '../service-point';

/** Pakettikauppa's `provider` "Matkahuolto"; Lähi-/Verkkopaketti (90080) is its product with pickup points ("list shipping methods"). */
const MATKAHUOLTO: PakettikauppaProvider = { carrier: 'matkahuolto', provider: 'Matkahuolto', product: '90080' };

export const parseMatkahuoltoServicePoints = (raw: string, countryCode: string): ServicePoint[] => parsePakettikauppaPoints(MATKAHUOLTO, raw, countryCode);
export const matkahuoltoServicePoints = pakettikauppaSearch(MATKAHUOLTO);
