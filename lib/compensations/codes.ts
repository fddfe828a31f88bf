import { randomBytes } from 'node:crypto';

// Crockford-style alphabet without look-alikes (0/O, 1/I/L): readable at a till, 16 chars ≈ 80 bits.
const ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';

/**
 * An unguessable code such as `GW-7KQ4-M9XT-2HBC-R5PD`; uniqueness is the database's unique index. `compact`
 * (`SC7KQ4M9XT2HBCR5PD`, 18 letters and digits) for a Shopify gift card, whose code must be 8–20 letters and
 * digits (GiftCardCreateInput.code).
 */
export function newCompensationCode(prefix: 'GW' | 'GC' | 'SC' | 'FS' | 'DC', options: { compact?: boolean } = {}): string {
  const bytes = randomBytes(16);
  let out = '';
  for (const b of bytes) out += ALPHABET[b % ALPHABET.length];
  return options.compact ? `${prefix}${out}` : `${prefix}-${out.match(/.{4}/g)!.join('-')}`;
}
