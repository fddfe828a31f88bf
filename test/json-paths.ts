/**
 * The field paths of a JSON document (`consignments[].parties.sender.name`), null values left out: booking tests
 * compare the paths of our request with those of the carrier's published example.
 */
export function jsonFieldPaths(value: unknown, prefix = ''): Set<string> {
  const out = new Set<string>();
  const walk = (v: unknown, p: string) => {
    if (v === null || v === undefined) return;
    if (Array.isArray(v)) return v.forEach((item) => walk(item, `${p}[]`));
    if (typeof v === 'object') return Object.entries(v as Record<string, unknown>).forEach(([k, child]) => walk(child, p ? `${p}.${k}` : k));
    out.add(p);
  };
  walk(value, prefix);
  return out;
}
