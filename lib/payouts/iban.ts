/**
 * IBAN (ISO 13616) and BIC checks for bank-transfer refunds: pure, shared by the return wizard (client),
 * the server action and the SEPA file. Error values are catalog keys under `refundAccount.errors`.
 */

/**
 * IBAN length per country of the SEPA scheme (EPC409-09, the list of countries and territories of the SEPA
 * schemes; lengths from the SWIFT IBAN registry). A refund by SEPA credit transfer can only go to these.
 */
export const SEPA_IBAN_LENGTHS: Readonly<Record<string, number>> = {
  AD: 24, AT: 20, AX: 18, BE: 16, BG: 22, BL: 27, CH: 21, CY: 28, CZ: 24, DE: 22, DK: 18, EE: 20, ES: 24,
  FI: 18, FR: 27, GB: 22, GF: 27, GG: 22, GI: 23, GP: 27, GR: 27, HR: 21, HU: 28, IE: 22, IM: 22, IS: 26,
  IT: 27, JE: 22, LI: 21, LT: 20, LU: 20, LV: 21, MC: 27, MF: 27, MQ: 27, MT: 31, NL: 18, NO: 15, PL: 28,
  PM: 27, PT: 25, RE: 27, RO: 24, SE: 24, SI: 19, SK: 24, SM: 27, VA: 22, YT: 27,
};

export type IbanError = 'ibanRequired' | 'ibanCharacters' | 'ibanCountry' | 'ibanLength' | 'ibanChecksum';
export type AccountError = IbanError | 'holderRequired' | 'holderTooLong' | 'bicFormat';

/** `fi21 1234-5600 0007 85` → `FI2112345600000785`: spaces and dashes as people type them are dropped. */
export function normalizeIban(value: string): string {
  return value.replace(/[\s-]+/g, '').toUpperCase();
}

/** ISO 7064 MOD 97-10 over the rearranged IBAN (country and check digits moved to the end, A=10 … Z=35). */
export function ibanChecksumOk(iban: string): boolean {
  const rearranged = iban.slice(4) + iban.slice(0, 4);
  let remainder = 0;
  for (const ch of rearranged) {
    const code = ch.charCodeAt(0);
    const digits = code >= 65 && code <= 90 ? String(code - 55) : ch;
    for (const d of digits) remainder = (remainder * 10 + Number(d)) % 97;
  }
  return remainder === 1;
}

export type IbanCheck = { ok: true; iban: string; country: string } | { ok: false; error: IbanError; expectedLength?: number };

/** Validates an IBAN as typed: characters, a SEPA country, that country's length, then the checksum. */
export function checkIban(value: string): IbanCheck {
  const iban = normalizeIban(value);
  if (!iban) return { ok: false, error: 'ibanRequired' };
  if (!/^[A-Z]{2}[0-9]{2}[A-Z0-9]+$/.test(iban)) return { ok: false, error: 'ibanCharacters' };
  const country = iban.slice(0, 2);
  const expected = SEPA_IBAN_LENGTHS[country];
  if (!expected) return { ok: false, error: 'ibanCountry' };
  if (iban.length !== expected) return { ok: false, error: 'ibanLength', expectedLength: expected };
  if (!ibanChecksumOk(iban)) return { ok: false, error: 'ibanChecksum' };
  return { ok: true, iban, country };
}

/** ISO 9362 BIC, 8 or 11 characters (the pain.001 XSD's BICFIDec2014Identifier pattern). */
export const BIC_PATTERN = /^[A-Z0-9]{4}[A-Z]{2}[A-Z0-9]{2}([A-Z0-9]{3})?$/;

export function normalizeBic(value: string): string {
  return value.replace(/\s+/g, '').toUpperCase();
}

/** `FI2112345600000785` → `FI21 1234 5600 0007 85` (paper format, groups of four). */
export function formatIban(iban: string): string {
  return normalizeIban(iban).replace(/(.{4})/g, '$1 ').trim();
}

/** What staff see: country and check digits, then the last four (`FI21 **** **** 0785`); the length is not revealed. */
export function maskIban(iban: string): string {
  const n = normalizeIban(iban);
  return `${n.slice(0, 4)} **** **** ${n.slice(-4)}`;
}

export type RefundAccountInput = { holder: string; iban: string; bic: string };
export type RefundAccount = { holder: string; iban: string; bic: string | null };

/** Longest name a SEPA credit transfer carries for the creditor (Nm, EPC rulebook: 70 characters). */
export const HOLDER_MAX = 70;

/** The wizard's account fields, checked: field → error key, or the normalized account. */
export function checkRefundAccount(input: Partial<RefundAccountInput> | undefined): { ok: true; account: RefundAccount } | { ok: false; errors: Partial<Record<keyof RefundAccountInput, AccountError>>; expectedLength?: number } {
  const errors: Partial<Record<keyof RefundAccountInput, AccountError>> = {};
  const holder = (input?.holder ?? '').trim().replace(/\s+/g, ' ');
  if (!holder) errors.holder = 'holderRequired';
  else if (holder.length > HOLDER_MAX) errors.holder = 'holderTooLong';
  const iban = checkIban(input?.iban ?? '');
  if (!iban.ok) errors.iban = iban.error;
  const bic = normalizeBic(input?.bic ?? '');
  if (bic && !BIC_PATTERN.test(bic)) errors.bic = 'bicFormat';
  if (Object.keys(errors).length || !iban.ok) return { ok: false, errors, ...(!iban.ok && iban.expectedLength ? { expectedLength: iban.expectedLength } : {}) };
  return { ok: true, account: { holder, iban: iban.iban, bic: bic || null } };
}
