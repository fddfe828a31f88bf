/**
 * Inbound email settings (env, see docs/inbound-email.md). Without INBOUND_EMAIL_ADDRESS nothing here is
 * on: no reply address on outgoing mail, no listener, no polling.
 */
export type InboundConfig = {
  /** The shop's support address mail arrives at, e.g. `support@shop.example` (lower case). */
  address: string;
  /** Its domain: the listener accepts recipients at this domain only. */
  domain: string;
  /** Domains our own Message-IDs use (inbound domain and MAIL_FROM's): mail carrying one is never imported. */
  ownDomains: string[];
};

export function inboundConfig(env: Record<string, string | undefined> = process.env): InboundConfig | null {
  const address = env.INBOUND_EMAIL_ADDRESS?.trim().toLowerCase();
  if (!address || !/^[^@\s+]+@[^@\s]+\.[^@\s]+$/.test(address)) return null;
  const domain = address.split('@')[1]!;
  const fromDomain = (env.MAIL_FROM ?? 'Paluu <no-reply@localhost>').match(/@([^>\s]+)/)?.[1]?.toLowerCase() ?? 'localhost';
  return { address, domain, ownDomains: [...new Set([domain, fromDomain])] };
}

/** The largest message the SMTP listener takes (bytes): INBOUND_SMTP_MAX_BYTES, default 25 MB. */
export function inboundMaxBytes(env: Record<string, string | undefined> = process.env): number {
  const n = Number(env.INBOUND_SMTP_MAX_BYTES);
  return Number.isFinite(n) && n > 0 ? Math.floor(n) : 25 * 1024 * 1024;
}
