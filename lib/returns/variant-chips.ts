/**
 * The exchange step's size and colour chips, as pure rules: which dimensions and values a product has (in the
 * catalogue's own order), which values can still be chosen, and which variant a chip choice means.
 */

export type OptionDimension = { name: string; values: string[] };

type Options = Record<string, string>;

/** A variant the customer can exchange to, with its (live) stock. */
export type ChipVariant = { id: string; options: Options; stock: number };

/**
 * The product's option dimensions and their values in the order its variants come (the catalogue's order: S, M,
 * L, XL stay so, never sorted by name). A dimension or value appears where it is first met.
 */
export function optionDimensions(variants: Array<{ options: Options }>): OptionDimension[] {
  const byName = new Map<string, string[]>();
  for (const { options } of variants) {
    for (const [name, value] of Object.entries(options)) {
      const values = byName.get(name) ?? [];
      if (!values.includes(value)) values.push(value);
      byName.set(name, values);
    }
  }
  return [...byName].map(([name, values]) => ({ name, values }));
}

export type ValueState = 'available' | 'sold_out' | 'current_only';

/**
 * Whether a chip can be chosen: `available` when some variant with the value has the stock for `quantity`;
 * `sold_out` when variants with it exist but none has; `current_only` when only the customer's own item has it
 * (the exchange variants never include that one).
 */
export function valueState(variants: ChipVariant[], dimension: string, value: string, quantity: number): ValueState {
  const withValue = variants.filter((v) => v.options[dimension] === value);
  if (withValue.length === 0) return 'current_only';
  return withValue.some((v) => v.stock >= quantity) ? 'available' : 'sold_out';
}

/**
 * The variant a chip choice means: among the variants in stock with the chosen value, the one that keeps most of
 * the other values as they are (the chosen variant's, or before any choice the customer's own item's: "L" on a
 * green M shirt means the green L); the catalogue's order decides a tie. Null when no variant with it is in stock.
 */
export function variantForChoice(
  variants: ChipVariant[],
  choice: { dimension: string; value: string; quantity: number; chosen: Options | null; current: Options },
): string | null {
  const keep = choice.chosen ?? choice.current;
  let best: { id: string; kept: number } | null = null;
  for (const variant of variants) {
    if (variant.options[choice.dimension] !== choice.value || variant.stock < choice.quantity) continue;
    const kept = Object.entries(keep).filter(([name, value]) => name !== choice.dimension && variant.options[name] === value).length;
    if (!best || kept > best.kept) best = { id: variant.id, kept };
  }
  return best?.id ?? null;
}
