import { simpleParser, type AddressObject, type ParsedMail } from 'mailparser';
import type { Readable } from 'node:stream';
import { type InboundMessage, messageIdsIn } from './parse';

const addresses = (value: AddressObject | AddressObject[] | undefined): Array<{ address: string; name: string }> =>
  (Array.isArray(value) ? value : value ? [value] : []).flatMap((a) => a.value).flatMap((v) => (v.address ? [{ address: v.address.toLowerCase(), name: v.name }] : []));

const headerText = (value: unknown): string => {
  if (value == null) return '';
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map(headerText).join(', ');
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object' && 'value' in value) return String((value as { value: unknown }).value);
  if (typeof value === 'object' && 'text' in value) return String((value as { text: unknown }).text);
  return String(value);
};

/** A parsed MIME message as the import use case sees it; `envelope` is the SMTP session's, when there was one. */
function toInboundMessage(mail: ParsedMail, envelope?: { from: string; to: string[] }): InboundMessage {
  const from = addresses(mail.from)[0] ?? null;
  const headers: Record<string, string> = {};
  for (const [name, value] of mail.headers) headers[name.toLowerCase()] = headerText(value).slice(0, 2000);
  const recipients = new Set([
    ...addresses(mail.to).map((a) => a.address),
    ...addresses(mail.cc).map((a) => a.address),
    ...(envelope?.to ?? []).map((a) => a.toLowerCase()),
  ]);
  if (headers['delivered-to']) recipients.add(headers['delivered-to'].toLowerCase().trim());
  if (headers['x-original-to']) recipients.add(headers['x-original-to'].toLowerCase().trim());
  const contentType = (headers['content-type'] ?? 'text/plain').split(';')[0]!.trim().toLowerCase();
  const text = mail.text ?? (typeof mail.html === 'string' ? mail.html.replace(/<style[\s\S]*?<\/style>/gi, '').replace(/<[^>]+>/g, ' ').replace(/&nbsp;/g, ' ') : '');
  return {
    messageId: messageIdsIn(mail.messageId)[0] ?? null,
    inReplyTo: messageIdsIn(mail.inReplyTo),
    references: messageIdsIn(mail.references),
    from: from?.address ?? null,
    fromName: from?.name || null,
    recipients: [...recipients],
    envelopeFrom: envelope ? envelope.from : undefined,
    subject: (mail.subject ?? '').trim(),
    text,
    headers,
    contentType,
    attachments: mail.attachments
      .filter((a) => a.contentDisposition !== 'inline' || !a.related)
      .map((a) => ({ filename: a.filename ?? 'attachment', contentType: a.contentType, size: a.size, content: a.content })),
  };
}

/** Parses raw RFC 5322 bytes (IMAP source, SMTP DATA). */
export async function parseMime(source: Buffer | Readable, envelope?: { from: string; to: string[] }): Promise<InboundMessage> {
  return toInboundMessage(await simpleParser(source, { skipHtmlToText: false, maxHtmlLengthToParse: 2_000_000 }), envelope);
}
