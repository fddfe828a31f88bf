import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The per-case reply address `<local>+c_<token>@<domain>`: the token is the case id (32 hex) and a
 * 12-hex HMAC with the app secret, lower case so that mail systems that fold the local part keep it.
 * A customer's answer to it lands in that case even when their client drops In-Reply-To; a guessed
 * or edited token is refused (it then opens a new case like any other email).
 */
const mac = (secret: Buffer, hex: string) => createHmac('sha256', secret).update(`case-mail:${hex}`).digest('hex').slice(0, 12);

export function caseAddressToken(secret: Buffer, caseId: string): string {
  const hex = caseId.replace(/-/g, '').toLowerCase();
  return `${hex}${mac(secret, hex)}`;
}

export function caseIdOfAddressToken(secret: Buffer, token: string): string | null {
  const m = token.toLowerCase().match(/^([0-9a-f]{32})([0-9a-f]{12})$/);
  if (!m) return null;
  const expected = Buffer.from(mac(secret, m[1]!));
  if (!timingSafeEqual(expected, Buffer.from(m[2]!))) return null;
  const h = m[1]!;
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** `support@shop.example` + case → `support+c_<token>@shop.example`. */
export function caseReplyAddress(secret: Buffer, inboundAddress: string, caseId: string): string {
  const [local, domain] = inboundAddress.toLowerCase().split('@');
  return `${local}+c_${caseAddressToken(secret, caseId)}@${domain}`;
}
