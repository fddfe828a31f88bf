import { describe, expect, it } from 'vitest';
import { type ChipVariant, optionDimensions, valueState, variantForChoice } from './variant-chips';

// A shirt in the catalogue's order: colours, each in S, M, L, XL. The customer has the green M.
const shirt = (stock: Record<string, number>): ChipVariant[] =>
  ['Green', 'Oat'].flatMap((color) =>
    ['S', 'M', 'L', 'XL'].map((size) => ({ id: `${color}-${size}`, options: { size, color }, stock: stock[`${color}-${size}`] ?? 3 })),
  );
const current = { size: 'M', color: 'Green' };
const exchangeable = (variants: ChipVariant[]) => variants.filter((v) => v.id !== 'Green-M');

describe('exchange chips', () => {
  it('dimensions and values come in the catalogue order, not sorted by name', () => {
    expect(optionDimensions(shirt({}))).toEqual([
      { name: 'size', values: ['S', 'M', 'L', 'XL'] },
      { name: 'color', values: ['Green', 'Oat'] },
    ]);
    // A value met late stays late; one only the customer's item has is still listed (after the catalogue's).
    expect(optionDimensions([{ options: { size: 'XL' } }, { options: { size: 'S' } }, { options: { size: 'XL' } }, { options: { size: 'M' } }])).toEqual([
      { name: 'size', values: ['XL', 'S', 'M'] },
    ]);
    expect(optionDimensions([])).toEqual([]);
  });

  it('a value is sold out when no variant with it has the stock for the quantity; the customer\'s own size alone is not "sold out"', () => {
    const variants = exchangeable(shirt({ 'Green-XL': 0, 'Oat-XL': 1 }));
    expect(valueState(variants, 'size', 'XL', 1)).toBe('available');
    expect(valueState(variants, 'size', 'XL', 2)).toBe('sold_out');
    expect(valueState(variants, 'size', 'L', 2)).toBe('available');
    // M is also the oat M: available. In a size-only product the customer's M is theirs alone.
    expect(valueState(variants, 'size', 'M', 1)).toBe('available');
    const sizesOnly = [{ id: 'S', options: { size: 'S' }, stock: 2 }];
    expect(valueState(sizesOnly, 'size', 'M', 1)).toBe('current_only');
  });

  it('a chip means the variant in stock that keeps most of the other values: first the customer\'s own, then the chosen ones', () => {
    const variants = exchangeable(shirt({}));
    // Before any choice: "L" on the green M is the green L, "Oat" is the oat M.
    expect(variantForChoice(variants, { dimension: 'size', value: 'L', quantity: 1, chosen: null, current })).toBe('Green-L');
    expect(variantForChoice(variants, { dimension: 'color', value: 'Oat', quantity: 1, chosen: null, current })).toBe('Oat-M');
    // After choosing the oat L, "XL" keeps the oat.
    expect(variantForChoice(variants, { dimension: 'size', value: 'XL', quantity: 1, chosen: { size: 'L', color: 'Oat' }, current })).toBe('Oat-XL');
    // The customer's own M in green is not an exchange: "M" alone means the oat M.
    expect(variantForChoice(variants, { dimension: 'size', value: 'M', quantity: 1, chosen: null, current })).toBe('Oat-M');
  });

  it('a combination without the stock gives way to the closest one that has it; none in stock means no variant', () => {
    const variants = exchangeable(shirt({ 'Oat-M': 0, 'Oat-S': 1 }));
    // No oat M: the first oat in the catalogue order that has the stock.
    expect(variantForChoice(variants, { dimension: 'color', value: 'Oat', quantity: 1, chosen: null, current })).toBe('Oat-S');
    // For two units the oat S is short too.
    expect(variantForChoice(variants, { dimension: 'color', value: 'Oat', quantity: 2, chosen: null, current })).toBe('Oat-L');
    const soldOut = exchangeable(shirt({ 'Green-XL': 0, 'Oat-XL': 0 }));
    expect(variantForChoice(soldOut, { dimension: 'size', value: 'XL', quantity: 1, chosen: null, current })).toBeNull();
    expect(variantForChoice(variants, { dimension: 'size', value: 'XXL', quantity: 1, chosen: null, current })).toBeNull();
  });
});
