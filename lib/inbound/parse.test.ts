import { describe, expect, it } from 'vitest';
import { caseTokenOfRecipient, decideAttachment, dedupeKeyOf, detectWismo, ignoreReason, type InboundMessage, isOwnMessageId, messageIdsIn, ownIdParts, referenceCandidates, stripQuoted, threadCandidates } from './parse';
import { caseAddressToken, caseIdOfAddressToken, caseReplyAddress } from '@/lib/cases/reply-address';
import { inboundConfig } from '@/lib/cases/inbound-config';

const ours = ['shop.test', 'localhost'];
const mail = (over: Partial<InboundMessage> = {}): InboundMessage => ({
  messageId: 'abc@customer.example',
  inReplyTo: [],
  references: [],
  from: 'aino@customer.example',
  fromName: 'Aino',
  recipients: ['support@shop.test'],
  subject: 'Hello',
  text: 'Hi there',
  headers: {},
  contentType: 'text/plain',
  attachments: [],
  ...over,
});

describe('ignoreReason: machines never open cases', () => {
  it('lets a person\'s email through', () => {
    expect(ignoreReason(mail(), ours)).toBeNull();
    expect(ignoreReason(mail({ headers: { 'auto-submitted': 'no' } }), ours)).toBeNull();
  });
  it.each([
    [{ headers: { 'auto-submitted': 'auto-replied' } }, 'auto_submitted'],
    [{ headers: { 'auto-submitted': 'auto-generated' } }, 'auto_submitted'],
    [{ headers: { 'x-autoreply': 'yes' } }, 'auto_submitted'],
    [{ headers: { precedence: 'bulk' } }, 'bulk'],
    [{ headers: { precedence: 'auto_reply' } }, 'bulk'],
    [{ headers: { precedence: 'list' } }, 'bulk'],
    [{ headers: { 'list-id': '<news.shop.example>' } }, 'bulk'],
    [{ envelopeFrom: '' }, 'bounce'],
    [{ contentType: 'multipart/report' }, 'bounce'],
    [{ from: 'mailer-daemon@mx.example' }, 'bounce'],
    [{ messageId: '6f1c2a4e-1111-4222-8333-444455556666@localhost' }, 'own_message'],
    [{ from: 'support@shop.test' }, 'own_sender'],
    [{ from: null }, 'no_sender'],
    [{ headers: { 'x-spam-flag': 'YES' } }, 'spam'],
  ] as const)('%o → %s', (over, reason) => {
    expect(ignoreReason(mail(over as Partial<InboundMessage>), ours, ['support@shop.test'])).toBe(reason);
  });
});

describe('threading', () => {
  it('reads Message-IDs from headers', () => {
    expect(messageIdsIn('<a@b> <c@d>')).toEqual(['a@b', 'c@d']);
    expect(messageIdsIn(['<a@b>', '<c@d>'])).toEqual(['a@b', 'c@d']);
    expect(messageIdsIn('bare@id')).toEqual(['bare@id']);
    expect(messageIdsIn(undefined)).toEqual([]);
  });
  it('tries In-Reply-To first, then References from the newest', () => {
    expect(threadCandidates({ inReplyTo: ['p@x'], references: ['root@x', 'mid@x', 'p@x'] })).toEqual(['p@x', 'mid@x', 'root@x']);
  });
  it('knows our Message-IDs (outbox rows and case thread roots) and nobody else\'s', () => {
    const id = '6f1c2a4e-1111-4222-8333-444455556666';
    expect(ownIdParts(`${id}@localhost`, ours)).toEqual({ kind: 'outbox', id });
    expect(ownIdParts(`case.${id}@shop.test`, ours)).toEqual({ kind: 'case', id });
    expect(isOwnMessageId(`${id}@gmail.com`, ours)).toBe(false);
    expect(isOwnMessageId('not-a-uuid@localhost', ours)).toBe(false);
  });
  it('signs the per-case reply address and refuses an edited one', () => {
    const secret = Buffer.alloc(32, 7);
    const caseId = '6f1c2a4e-1111-4222-8333-444455556666';
    const address = caseReplyAddress(secret, 'Support@Shop.test', caseId);
    expect(address).toBe(`support+c_${caseAddressToken(secret, caseId)}@shop.test`);
    const token = caseTokenOfRecipient(address.toUpperCase(), 'support@shop.test')!;
    expect(caseIdOfAddressToken(secret, token)).toBe(caseId);
    expect(caseIdOfAddressToken(Buffer.alloc(32, 8), token)).toBeNull();
    expect(caseIdOfAddressToken(secret, token.slice(0, -1) + (token.endsWith('0') ? '1' : '0'))).toBeNull();
    expect(caseTokenOfRecipient(address.replace('support+', 'sales+'), 'support@shop.test')).toBeNull();
    expect(caseTokenOfRecipient(address.replace('@shop.test', '@evil.test'), 'support@shop.test')).toBeNull();
  });
  it('keeps the answer and drops the quoted history', () => {
    expect(stripQuoted('Size M please.\n\nOn Tue, 2 Dec 2026, Shop <s@shop.test> wrote:\n> Which size?')).toBe('Size M please.');
    expect(stripQuoted('Koko M.\n\nti 2.12.2026 klo 10.00 Kauppa <s@shop.test> kirjoitti:\n> Mikä koko?')).toBe('Koko M.');
    expect(stripQuoted('> only a quote')).toBe('> only a quote');
  });
  it('imports a message without Message-ID once, by a hash of its content', () => {
    const a = dedupeKeyOf(mail({ messageId: null }));
    expect(a).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(dedupeKeyOf(mail({ messageId: null }))).toBe(a);
    expect(dedupeKeyOf(mail({ messageId: null, text: 'other' }))).not.toBe(a);
  });
});

describe('order references', () => {
  it('finds order numbers, tracking numbers and RMAs, not plain words', () => {
    expect(referenceCandidates('Order #R10005', 'Tracking JJFI60012345678 and return R-10002, thanks')).toEqual(['R10005', 'JJFI60012345678', 'R-10002']);
    expect(referenceCandidates('Hello', 'Where is my parcel?')).toEqual([]);
  });
});

describe('"where is my order" intent in five languages', () => {
  it.each([
    ['fi', 'Missä tilaukseni on?', ''],
    ['fi', 'Tilaus', 'Hei, pakettini ei ole vielä tullut.'],
    ['sv', 'Var är min beställning?', ''],
    ['sv', '', 'Hej, när kommer mitt paket?'],
    ['en', "Where's my order?", ''],
    ['en', 'Order 1234', 'My parcel has not arrived yet'],
    ['da', 'Hvor er min pakke?', 'Hej, jeg har bestilt for en uge siden. Venlig hilsen'],
    ['nb', 'Hvor er pakka mi?', 'Hei, den har ikke kommet.'],
  ] as const)('%s: %s %s', (locale, subject, text) => {
    expect(detectWismo(subject, text)).toEqual({ locale });
  });
  it('leaves other questions alone', () => {
    expect(detectWismo('Return', 'How do I return a sweater?')).toBeNull();
    expect(detectWismo('Palautus', 'Miten palautan tuotteen?')).toBeNull();
    expect(detectWismo('Byte', 'Kan jag byta storlek?')).toBeNull();
  });
});

describe('attachment limits', () => {
  const pdf = Buffer.from('%PDF-1.7\n...');
  it('keeps images and PDF by their bytes, up to 5 MB and 10 files', () => {
    expect(decideAttachment({ size: pdf.length, content: pdf }, 0)).toEqual({ keep: true, contentType: 'application/pdf' });
    expect(decideAttachment({ size: 6 * 1024 * 1024, content: pdf }, 0)).toMatchObject({ keep: false, reason: 'too_large' });
    expect(decideAttachment({ size: 10, content: Buffer.from('MZ binary') }, 0)).toMatchObject({ keep: false, reason: 'unsupported_type' });
    expect(decideAttachment({ size: pdf.length, content: pdf }, 10)).toMatchObject({ keep: false, reason: 'too_many' });
  });
});

describe('configuration', () => {
  it('is off without INBOUND_EMAIL_ADDRESS and knows our domains with it', () => {
    expect(inboundConfig({})).toBeNull();
    expect(inboundConfig({ INBOUND_EMAIL_ADDRESS: 'not an address' })).toBeNull();
    expect(inboundConfig({ INBOUND_EMAIL_ADDRESS: 'Support@Shop.example', MAIL_FROM: 'Shop <noreply@mail.shop.example>' })).toEqual({
      address: 'support@shop.example',
      domain: 'shop.example',
      ownDomains: ['shop.example', 'mail.shop.example'],
    });
  });
});
