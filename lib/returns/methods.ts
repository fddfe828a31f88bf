/**
 * How a parcel can come back, per carrier and market (pure data, shared by the wizard, the server
 * check and the return page). Sources: shared/research/carriers.md §7.3 (printerless) and the
 * carriers' markets (§3 Bring is not active in Finland). Home pickup is not documented for any
 * carrier in carriers.md; Budbee's home routes collect parcels (§5 "OnRouteCollection"), so it is
 * offered for Budbee only — confirm with the shop's Budbee contract before promising it.
 */
export const returnCarriers = ['posti', 'postnord', 'matkahuolto', 'bring', 'budbee'] as const;
export type ReturnCarrier = (typeof returnCarriers)[number];

export const returnMethods = ['drop_off', 'printerless', 'home_pickup'] as const;
export type ReturnMethod = (typeof returnMethods)[number];

const methodsByCarrier: Record<ReturnCarrier, readonly ReturnMethod[]> = {
  // Helposti: a 6-character code written on the parcel, dropped in a touch-screen locker (§1.5).
  posti: ['drop_off', 'printerless'],
  // Return Drop Off (service 24) with a printed label; QR not confirmed (§2.5).
  postnord: ['drop_off'],
  // Activated shipment: a code written on the parcel at a Matkahuolto point (§3.5).
  matkahuolto: ['drop_off', 'printerless'],
  // Label-free code BRING-####-#### and QR at a pickup point (§4.5).
  bring: ['drop_off', 'printerless'],
  // Locker PIN booked in the app, no label (§5); home collection see above.
  budbee: ['drop_off', 'printerless', 'home_pickup'],
};

const carriersByMarket: Record<string, readonly ReturnCarrier[]> = {
  FI: ['posti', 'matkahuolto', 'postnord', 'budbee'],
  SE: ['postnord', 'bring', 'budbee'],
  NO: ['bring', 'postnord'],
  DK: ['postnord', 'bring', 'budbee'],
};

export function carriersForMarket(market: string): readonly ReturnCarrier[] {
  return carriersByMarket[market.toUpperCase()] ?? returnCarriers;
}

export function methodsFor(carrier: ReturnCarrier): readonly ReturnMethod[] {
  return methodsByCarrier[carrier];
}

export function isMethodOffered(market: string, carrier: ReturnCarrier, method: ReturnMethod): boolean {
  return carriersForMarket(market).includes(carrier) && methodsByCarrier[carrier].includes(method);
}

/** Carriers offering a method in a market, in the market's order. */
export function carriersOffering(market: string, method: ReturnMethod): ReturnCarrier[] {
  return carriersForMarket(market).filter((c) => methodsByCarrier[c].includes(method));
}
