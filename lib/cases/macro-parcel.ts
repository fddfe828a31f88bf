/**
 * Which parcel a macro's {trackingLink} means. The parcel the case is about (a delivery problem
 * opened from a delay points to it) wins; an order with a single outbound parcel has no doubt;
 * with several and none named, the agent chooses — a macro never guesses the first parcel.
 * Pure, so the composer and the tests use the same rule.
 */
export type MacroParcel = { id: string; carrier: string; trackingNumber: string; status: string; link: string };

export type MacroParcelChoice = { kind: 'parcel'; parcel: MacroParcel } | { kind: 'choose'; parcels: MacroParcel[] } | { kind: 'none' };

export function macroParcel(caseShipmentId: string | null, outbound: readonly MacroParcel[]): MacroParcelChoice {
  const named = caseShipmentId ? outbound.find((p) => p.id === caseShipmentId) : undefined;
  if (named) return { kind: 'parcel', parcel: named };
  if (outbound.length === 1) return { kind: 'parcel', parcel: outbound[0]! };
  if (outbound.length > 1) return { kind: 'choose', parcels: [...outbound] };
  return { kind: 'none' };
}

export type MacroExpansion = { kind: 'text'; text: string } | { kind: 'choose_parcel'; parcels: MacroParcel[] };

/** The placeholders that depend on which parcel is meant. */
const PARCEL_PLACEHOLDER = /\{(trackingLink|trackingNumber|carrier)\}/;

/**
 * Fills {placeholders} of a macro from the case; unknown ones stay visible for the agent to fix.
 * A macro with {trackingLink}, {trackingNumber} or {carrier} on an order whose parcel is not known
 * asks which parcel (`choose_parcel`) unless the agent already chose one (`parcelId`).
 */
export function expandMacro(body: string, vars: Record<string, string>, parcel: MacroParcelChoice, parcelId?: string): MacroExpansion {
  const values = { ...vars };
  if (PARCEL_PLACEHOLDER.test(body)) {
    let chosen: MacroParcel | undefined;
    if (parcel.kind === 'parcel') chosen = parcel.parcel;
    else if (parcel.kind === 'choose') {
      chosen = parcelId ? parcel.parcels.find((p) => p.id === parcelId) : undefined;
      if (!chosen) return { kind: 'choose_parcel', parcels: parcel.parcels };
    }
    if (chosen) Object.assign(values, { trackingLink: chosen.link, trackingNumber: chosen.trackingNumber, carrier: chosen.carrier });
  }
  return { kind: 'text', text: body.replace(/\{(\w+)\}/g, (whole, name: string) => (values[name] ? values[name] : whole)) };
}
