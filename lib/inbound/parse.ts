import { createHash } from 'node:crypto';
import type { Locale } from '@/lib/i18n/locales';
import { sniffFileType } from '@/lib/cases/attachment-rules';

/**
 * Pure parts of inbound email (no I/O): what kind of message it is, which case it answers, which order
 * it names and whether it asks "where is my order". The transports (lib/inbound/smtp-listener.ts,
 * imap-poller.ts) turn a raw message into an `InboundMessage`; lib/inbound/import-inbound-email.ts acts.
 */

export type InboundAttachment = { filename: string; contentType: string; size: number; content: Buffer };

export type InboundMessage = {
  /** Without angle brackets; null when the message has none. */
  messageId: string | null;
  inReplyTo: string[];
  references: string[];
  /** Lower-cased From address, or null. */
  from: string | null;
  fromName: string | null;
  /** Recipients (To, Cc, Delivered-To, and the SMTP envelope's RCPT TO), lower-cased. */
  recipients: string[];
  /** The SMTP envelope sender (MAIL FROM): '' for a bounce, undefined when unknown (IMAP). */
  envelopeFrom?: string;
  subject: string;
  text: string;
  /** Lower-cased header name → raw value, for the loop and bulk checks. */
  headers: Record<string, string>;
  /** The top-level content type, e.g. `multipart/report`. */
  contentType: string;
  attachments: InboundAttachment[];
};

/** Message-IDs in a header value (`<a@b> <c@d>`), without brackets; at most 50. */
export function messageIdsIn(value: string | string[] | undefined | null): string[] {
  const joined = Array.isArray(value) ? value.join(' ') : (value ?? '');
  const ids = [...joined.matchAll(/<([^<>\s]{1,900})>/g)].map((m) => m[1]!);
  if (ids.length === 0 && /^[^<>\s@]+@[^<>\s@]+$/.test(joined.trim())) ids.push(joined.trim());
  return ids.slice(0, 50);
}

/** The key a message is imported once under: its Message-ID, else a hash of its content. */
export function dedupeKeyOf(message: Pick<InboundMessage, 'messageId' | 'from' | 'subject' | 'text'>): string {
  if (message.messageId) return message.messageId.slice(0, 998);
  return `sha256:${createHash('sha256').update(`${message.from ?? ''}\n${message.subject}\n${message.text}`).digest('hex')}`;
}

export type IgnoreReason = 'auto_submitted' | 'bulk' | 'bounce' | 'own_message' | 'no_sender' | 'own_sender' | 'spam';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether a Message-ID is one we minted (outbox `<uuid@our domain>` or a case thread `<case.uuid@our domain>`). */
export function isOwnMessageId(id: string, ourDomains: ReadonlyArray<string>): boolean {
  const at = id.lastIndexOf('@');
  if (at < 0) return false;
  const local = id.slice(0, at).replace(/^case\./, '');
  return UUID.test(local) && ourDomains.includes(id.slice(at + 1).toLowerCase());
}

/**
 * Why a message must never open a case or get an answer (RFC 3834 auto-replies, list and bulk mail,
 * bounces, our own mail coming back, spam flagged by the receiving server), or null for a person's email.
 */
export function ignoreReason(message: InboundMessage, ourDomains: ReadonlyArray<string>, ourAddresses: ReadonlyArray<string> = []): IgnoreReason | null {
  const h = message.headers;
  if (message.envelopeFrom === '' || message.envelopeFrom === '<>') return 'bounce';
  if (/^multipart\/report\b/i.test(message.contentType) || /^message\/delivery-status\b/i.test(message.contentType)) return 'bounce';
  if (!message.from) return 'no_sender';
  const local = message.from.split('@')[0] ?? '';
  if (/^(mailer-daemon|postmaster)$/i.test(local)) return 'bounce';
  if (message.messageId && isOwnMessageId(message.messageId, ourDomains)) return 'own_message';
  if (ourAddresses.includes(message.from) || ourDomains.includes(message.from.split('@')[1] ?? '')) return 'own_sender';
  const autoSubmitted = (h['auto-submitted'] ?? '').trim().toLowerCase();
  if (autoSubmitted && !autoSubmitted.startsWith('no')) return 'auto_submitted';
  if (h['x-autoreply'] || h['x-autorespond']) return 'auto_submitted';
  if (/\b(bulk|junk|list|auto_reply)\b/i.test(h['precedence'] ?? '')) return 'bulk';
  if (h['list-id'] || h['list-unsubscribe']) return 'bulk';
  if (/^yes\b/i.test(h['x-spam-flag'] ?? '') || /^yes\b/i.test(h['x-spam-status'] ?? '')) return 'spam';
  return null;
}

/** Our reply address for a case: `<local>+c_<token>@<domain>` (lib/cases/reply-address.ts signs the token). */
export function caseTokenOfRecipient(recipient: string, inboundAddress: string): string | null {
  const [local, domain] = inboundAddress.toLowerCase().split('@');
  const m = recipient.toLowerCase().match(/^([^@+]+)\+c_([a-z0-9]{20,80})@(.+)$/);
  if (!m || m[1] !== local || m[3] !== domain) return null;
  return m[2]!;
}

/**
 * The ids of earlier messages this one answers, newest first: In-Reply-To, then References from the end
 * (the last reference is the direct parent, the first is the thread root).
 */
export function threadCandidates(message: Pick<InboundMessage, 'inReplyTo' | 'references'>): string[] {
  return [...new Set([...message.inReplyTo, ...[...message.references].reverse()])];
}

/** The uuid in one of our Message-IDs (outbox row or case thread root), with which it is. */
export function ownIdParts(id: string, ourDomains: ReadonlyArray<string>): { kind: 'outbox' | 'case'; id: string } | null {
  if (!isOwnMessageId(id, ourDomains)) return null;
  const local = id.slice(0, id.lastIndexOf('@'));
  return local.startsWith('case.') ? { kind: 'case', id: local.slice(5).toLowerCase() } : { kind: 'outbox', id: local.toLowerCase() };
}

/** The reply the customer wrote, without the quoted history below it (best effort: common client markers). */
export function stripQuoted(text: string): string {
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  const markers = [
    /^On .{5,200} wrote:\s*$/i,
    /^Le .{5,200} a écrit\s*:\s*$/i,
    /^.{0,200}(kirjoitti|skrev|wrote|schrieb)\s*:?\s*$/i,
    /^-{2,}\s*(Original Message|Alkuperäinen viesti|Ursprungligt meddelande|Oprindelig meddelelse|Opprinnelig melding)\s*-{2,}/i,
    /^_{10,}\s*$/,
    /^(From|Lähettäjä|Från|Fra):\s.+/i,
  ];
  const cut = lines.findIndex((line, i) => i > 0 && markers.some((m) => m.test(line.trim())));
  const kept = (cut > 0 ? lines.slice(0, cut) : lines).filter((line) => !line.startsWith('>'));
  const body = kept.join('\n').trim();
  return body.length > 0 ? body : text.trim();
}

/**
 * Words that may be an order number, tracking number or RMA: letters and digits (with `-`), at least
 * one digit, 4–40 characters; `#` and `nr.` prefixes dropped. At most 30, first seen first.
 */
export function referenceCandidates(subject: string, text: string): string[] {
  const words = `${subject}\n${text.slice(0, 20_000)}`.match(/[A-Za-z0-9][A-Za-z0-9-]{2,39}/g) ?? [];
  const out = new Set<string>();
  for (const word of words) {
    const w = word.replace(/-+$/, '');
    if (w.length < 4 || !/\d/.test(w)) continue;
    out.add(w.toUpperCase());
    if (out.size >= 30) break;
  }
  return [...out];
}

/** "Where is my order" in the five shop languages: simple keyword rules, first match decides. */
const WISMO: ReadonlyArray<{ locale: Locale; patterns: RegExp[] }> = [
  { locale: 'fi', patterns: [/\bmissä\b.{0,40}\b(tilaus|tilaukseni|paketti|pakettini|lähetys|lähetykseni)/i, /\b(tilaus|tilaukseni|paketti|pakettini|lähetys)\b.{0,40}\b(ei ole (vielä )?(tullut|saapunut)|viipyy|myöhässä)/i, /\bmilloin\b.{0,40}\b(tilaus|tilaukseni|paketti|pakettini)\b.{0,40}\b(tulee|saapuu|toimitetaan)/i, /\bseurantakoodi|\bpaketin seuranta/i] },
  { locale: 'sv', patterns: [/\bvar (är|e)\b.{0,30}\b(min|mitt)\b.{0,20}\b(order|beställning|paket|försändelse)/i, /\b(beställning|paket|order)(en|et)?\b.{0,40}\b(har inte kommit|inte kommit|inte anlänt|försenad)/i, /\bnär (kommer|levereras)\b.{0,40}\b(order|beställning|paket)/i, /\bspårningsnummer\b/i] },
  { locale: 'da', patterns: [/\bhvor er\b.{0,30}\b(min|mit)\b.{0,20}\b(ordre|bestilling|pakke|forsendelse)/i, /\b(ordre|bestilling|pakke)(n|en)?\b.{0,40}\b(er ikke kommet|ikke ankommet|forsinket)/i, /\bhvornår (kommer|bliver)\b.{0,40}\b(ordre|bestilling|pakke)/i, /\bsporingsnummer\b/i] },
  { locale: 'nb', patterns: [/\bhvor er\b.{0,30}\b(min|mitt|mi)\b.{0,20}\b(ordre|bestilling|pakke|sending)/i, /\b(ordre|bestilling|pakke|pakka)(n|en)?\b.{0,40}\b(har ikke kommet|ikke kommet|ikke ankommet|forsinket)/i, /\bnår kommer\b.{0,40}\b(ordre|bestilling|pakke|pakka)/i, /\bsporingsnummer\b/i] },
  { locale: 'en', patterns: [/\bwhere('s| is)\b.{0,30}\b(my|the)\b.{0,20}\b(order|parcel|package|delivery|shipment)/i, /\b(order|parcel|package|delivery)\b.{0,40}\b(has not|hasn't|not yet|never) (arrived|come|been delivered|shown up)/i, /\bwhen (will|does)\b.{0,40}\b(order|parcel|package)\b.{0,30}\b(arrive|come|be delivered)/i, /\b(tracking (number|info|status)|track my (order|parcel|package))\b/i] },
];

/** `\b` that knows ä, ö and å are letters (JavaScript's `\b` does not, even with the `u` flag). */
const B = '(?:(?<![\\p{L}\\p{N}])(?=[\\p{L}\\p{N}])|(?<=[\\p{L}\\p{N}])(?![\\p{L}\\p{N}]))';
const unicodeWords = (re: RegExp) => new RegExp(re.source.replaceAll('\\b', B), 'iu');
const WISMO_RULES = WISMO.map((rule) => ({ locale: rule.locale, patterns: rule.patterns.map(unicodeWords) }));

/** Nordic words that tell da and nb apart when both patterns match (`hvor er min pakke`). */
const NB_ONLY = unicodeWords(/\b(ikke kommet|pakka|sendingen|bestillingen min|hei)\b/i);
const DA_ONLY = unicodeWords(/\b(ikke ankommet|forsendelsen|jeg har bestilt|hej|venlig hilsen)\b/i);

/** The language of a "where is my order" question, or null when the email asks something else. */
export function detectWismo(subject: string, text: string): { locale: Locale } | null {
  const haystack = `${subject}\n${text.slice(0, 5000)}`.replace(/\s+/g, ' ');
  const hits = WISMO_RULES.filter((rule) => rule.patterns.some((p) => p.test(haystack))).map((rule) => rule.locale);
  if (hits.length === 0) return null;
  if (hits.includes('da') && hits.includes('nb')) {
    if (NB_ONLY.test(haystack) && !DA_ONLY.test(haystack)) return { locale: 'nb' };
    return { locale: 'da' };
  }
  return { locale: hits[0]! };
}

/** Attachments we keep: images and PDF, each ≤ 5 MB, at most 10 a message (lib/photos keeps 1 MB re-encoded photos). */
export const ATTACHMENT_LIMITS = {
  maxBytes: 5 * 1024 * 1024,
  maxCount: 10,
  types: ['image/jpeg', 'image/png', 'image/webp', 'image/gif', 'image/heic', 'application/pdf'] as const,
} as const;

export type AttachmentDecision = { keep: true } | { keep: false; reason: 'too_large' | 'unsupported_type' | 'too_many' };

export function decideAttachment(attachment: Pick<InboundAttachment, 'size' | 'content'>, index: number): AttachmentDecision & { contentType: string | null } {
  // The type is decided by the bytes (magic numbers), never by the name or the sender's claim.
  const contentType = sniffFileType(attachment.content);
  if (index >= ATTACHMENT_LIMITS.maxCount) return { keep: false, reason: 'too_many', contentType };
  if (Math.max(attachment.size, attachment.content.length) > ATTACHMENT_LIMITS.maxBytes) return { keep: false, reason: 'too_large', contentType };
  if (!contentType) return { keep: false, reason: 'unsupported_type', contentType };
  return { keep: true, contentType };
}
