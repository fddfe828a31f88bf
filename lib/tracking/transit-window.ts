/**
 * The delivery window and how sure it is (issue #18): pure arithmetic on a group's transit times in
 * business days. No imports, so the demo seed (run under plain tsx, without the `@/` alias) uses the
 * very same rules as the app.
 *
 * - The window is the narrowest run of consecutive business days [from, to] (at most MAX_WINDOW_SPAN
 *   days apart) holding at least WINDOW_TARGET of the group's delivered parcels; among equally narrow
 *   windows the one holding the most parcels, then the earlier one. When no window of up to
 *   MAX_WINDOW_SPAN + 1 days reaches the target, the widest allowed window holding the most parcels is
 *   used, and its (lower) share is what is reported — never a rounded-up claim.
 * - A confidence claim ("9 in 10 parcels on this route arrive in this window") is only made for a
 *   group of at least CONFIDENCE_MIN_SAMPLES parcels.
 */

/** A group needs this many delivered parcels before its median is used at all. */
export const MIN_SAMPLES = 5;
/** Share of a group's parcels the window should hold. */
export const WINDOW_TARGET = 0.85;
/** to − from ≤ 2: a window of at most three business days. */
export const MAX_WINDOW_SPAN = 2;
/** Below this many delivered parcels in a group no confidence is claimed. */
export const CONFIDENCE_MIN_SAMPLES = 20;

export type TransitWindow = {
  /** Business days after shipping: first and last day of the window. */
  from: number;
  to: number;
  /** Parcels of the group delivered inside the window. */
  hits: number;
  /** Parcels in the group. */
  samples: number;
};

/** Lower median: on a tie between two days, the earlier one (right as often, never later than the data). */
export function lowerMedian(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : sorted[mid - 1]!;
}

/** The smallest window holding at least WINDOW_TARGET of `values` (see the file comment), or null for no values. */
export function transitWindow(values: number[], target = WINDOW_TARGET, maxSpan = MAX_WINDOW_SPAN): TransitWindow | null {
  if (values.length === 0) return null;
  const counts = new Map<number, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  const starts = [...counts.keys()].sort((a, b) => a - b);
  const samples = values.length;
  let best: TransitWindow | null = null;
  for (let span = 0; span <= maxSpan; span++) {
    best = null;
    for (const from of starts) {
      let hits = 0;
      for (let d = from; d <= from + span; d++) hits += counts.get(d) ?? 0;
      // Strictly more parcels wins; on a tie the earlier window (starts ascend) stays.
      if (!best || hits > best.hits) best = { from, to: from + span, hits, samples };
    }
    if (best && best.hits >= target * samples) break;
  }
  if (!best) return null;
  // A window never starts or ends on a day no parcel took (only possible when the target was not reached).
  const inside = starts.filter((d) => d >= best!.from && d <= best!.to);
  return { ...best, from: inside[0]!, to: inside[inside.length - 1]! };
}

/** "9 in 10": the share in tenths, rounded down so the claim never says more than the data. */
export function shareInTen(hits: number, samples: number): number {
  return samples > 0 ? Math.floor((hits * 10) / samples + 1e-9) : 0;
}

/** Whether a group is large enough to state how sure its window is. */
function canClaimConfidence(samples: number): boolean {
  return samples >= CONFIDENCE_MIN_SAMPLES;
}

export function postalArea(country: string, postalCode: string): string {
  const digits = postalCode.replace(/\D/g, '');
  return `${country.toUpperCase()}-${digits.slice(0, 2) || '??'}`;
}

/** The groups a parcel belongs to, most specific first: route (carrier + service + postal area), service, carrier. */
export function groupKeys(carrier: string, service: string | null | undefined, country: string, postalCode: string): string[] {
  const s = (service ?? '').trim().toLowerCase();
  return [`${carrier}|${s}|${postalArea(country, postalCode)}`, `${carrier}|${s}`, `${carrier}`];
}

export type GroupStats = { median: number; from: number; to: number; hits: number; samples: number };

/** Per group (groupKeys) with at least MIN_SAMPLES parcels: the median transit and the window around it. */
export function learnGroups(parcels: Array<{ carrier: string; service: string | null; country: string; postalCode: string; days: number }>): Map<string, GroupStats> {
  const groups = new Map<string, number[]>();
  for (const p of parcels) {
    for (const key of groupKeys(p.carrier, p.service, p.country, p.postalCode)) {
      const list = groups.get(key);
      if (list) list.push(p.days);
      else groups.set(key, [p.days]);
    }
  }
  const stats = new Map<string, GroupStats>();
  for (const [key, values] of groups) {
    if (values.length < MIN_SAMPLES) continue;
    const median = lowerMedian(values);
    const window = transitWindow(values)!;
    // The date shown is always inside the window shown.
    stats.set(key, { median, hits: window.hits, samples: window.samples, from: Math.min(window.from, median), to: Math.max(window.to, median) });
  }
  return stats;
}

export type GroupBasis = 'route' | 'service' | 'carrier';

/** The most specific learned group of a parcel, with which level it is. */
export function pickGroup(stats: Map<string, GroupStats>, carrier: string, service: string | null | undefined, country: string, postalCode: string): (GroupStats & { basis: GroupBasis }) | null {
  const bases: GroupBasis[] = ['route', 'service', 'carrier'];
  for (const [i, key] of groupKeys(carrier, service, country, postalCode).entries()) {
    const found = stats.get(key);
    if (found) return { ...found, basis: bases[i]! };
  }
  return null;
}

/**
 * A group's estimate in dates, `at` turning business days after shipping into a local date: the median,
 * the window and, only from CONFIDENCE_MIN_SAMPLES parcels, how many of the group arrived inside it.
 */
export function groupEstimate(group: GroupStats & { basis: GroupBasis }, at: (days: number) => string) {
  const sure = canClaimConfidence(group.samples);
  return { date: at(group.median), from: at(group.from), to: at(group.to), hits: sure ? group.hits : null, samples: sure ? group.samples : null, basis: group.basis };
}
