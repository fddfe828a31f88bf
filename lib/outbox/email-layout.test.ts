import { describe, expect, it } from 'vitest';
import { renderReplyEmail } from '@/lib/cases/reply-email';
import { renderClaimEmail } from '@/lib/claims/claim-email';
import { renderCsatEmail } from '@/lib/csat/csat-email';
import { renderAccessLinkEmail } from '@/lib/customer-access/access-link-email';
import { formatMoney } from '@/lib/core/money';
import { formatDate } from '@/lib/i18n/format';
import { type Locale, localeTags } from '@/lib/i18n/locales';
import { loadMessages } from '@/lib/i18n/messages';
import { renderExchangeShippedEmail, renderRefundIssuedEmail } from '@/lib/returns/resolution-emails';
import { renderInviteEmail } from '@/lib/staff-admin/invite-email';
import { renderMilestoneEmail } from '@/lib/tracking/milestone-emails';
import { receiptTranslator, renderReceiptEmail } from '@/lib/withdrawals/receipt';
import { buttonColors, contrastRatio, renderEmail } from './email-layout';
import type { EmailBrand } from './service-email-layout';

const brand: EmailBrand = { shopName: 'Kuusi & Koivu', accentColor: '#1f5f4a', logoUrl: 'https://paluu.example/api/branding/logo?v=3', supportEmail: 'apu@kuusikoivu.example', supportPhone: null, supportUrl: null };
const issuedAt = new Date('2026-12-05T10:00:00Z');

/** Every customer email, rendered from the real catalogs in one language. */
async function everyEmail(locale: Locale) {
  const messages = await loadMessages(locale);
  const t = await receiptTranslator(locale, messages);
  return {
    receipt: await renderReceiptEmail(
      t,
      {
        receiptNumber: 'W-AB12', shopName: brand.shopName, supportEmail: brand.supportEmail, orderNumber: 'KK-1001', name: 'Aino Virtanen', email: 'aino@example.fi',
        lines: [{ title: 'Merino Sweater', quantity: 1 }], submittedAt: issuedAt.toISOString(), timeZone: 'Europe/Helsinki', locale, currency: 'EUR',
        itemsAmount: 1250, deliveryRefundAmount: 590, returnAddress: 'Kuusi & Koivu, Varastokatu 1, 00100 Helsinki, FI', brand,
      },
      'https://paluu.example/api/withdrawals/W-AB12/receipt.pdf',
    ),
    refund: await renderRefundIssuedEmail(locale, messages, brand, {
      orderNumber: 'KK-1001', rma: 'R-1001', currency: 'EUR', refund: 1250, credit: 0, creditCode: null, issuedAt, destination: 'card', timeZone: 'Europe/Helsinki', returnUrl: 'https://paluu.example/r',
    }),
    exchange: await renderExchangeShippedEmail(locale, messages, brand, { orderNumber: 'KK-1001', rma: 'R-1001', carrier: 'Posti', trackingNumber: 'JJFI123', trackingUrl: 'https://paluu.example/t/abc' }),
    claim: await renderClaimEmail(locale, { shopName: brand.shopName, supportEmail: brand.supportEmail, brand, orderNumber: 'KK-1001', caseNumber: 1042, type: 'damaged', remedy: 'refund', statusUrl: 'https://paluu.example/c' }, messages),
    reply: await renderReplyEmail({ locale, to: 'a@example.fi', customerName: 'Aino Virtanen', orderNumber: 'KK-1001', caseNumber: 1042, shopName: brand.shopName, accentColor: brand.accentColor, body: 'Hello.\n\nSecond paragraph.', replyUrl: 'https://paluu.example/m', messages, brand }),
    access: await renderAccessLinkEmail(locale, messages, { orderNumber: 'KK-1001', url: 'https://paluu.example/a', brand }),
    csat: await renderCsatEmail({ locale, token: 'tok', to: 'a@example.fi', shopName: brand.shopName, caseNumber: 1042, messages, brand }),
    invite: await renderInviteEmail({ locale, to: 's@example.fi', name: 'Sanna', shopName: brand.shopName, url: 'https://paluu.example/i', expiresAt: issuedAt, timeZone: 'Europe/Helsinki' }),
    milestone: await renderMilestoneEmail({
      milestone: 'shipped', locale, shop: { name: brand.shopName, timeZone: 'Europe/Helsinki', accentColor: brand.accentColor, brand }, orderNumber: 'KK-1001', firstName: 'Aino', to: 'a@example.fi',
      carrier: 'Posti', trackingNumber: 'JJFI1', status: 'in_transit', subStatus: null, expectedDate: '2026-12-08', pickupPoint: null, pickupDeadline: null, url: 'https://paluu.example/t/x',
    }),
  };
}

const rawKey = /\b(refundEmail|exchangeEmail|withdrawalEmail|claimEmail|claims|caseReply|customerAccess|csat|staffAdmin|milestoneEmail|parcel)\.[a-zA-Z_]+/;

describe('every email on the one layout', () => {
  for (const locale of ['fi', 'sv', 'en'] as const) {
    it(`${locale}: every email renders HTML and plain text with no missing key, a lang attribute, a real heading and the logo's alt text`, async () => {
      const emails = await everyEmail(locale);
      for (const [name, email] of Object.entries(emails)) {
        for (const part of [email.subject, email.text, email.html]) {
          expect(part, `${locale} ${name}`).not.toMatch(rawKey);
          expect(part, `${locale} ${name}`).not.toMatch(/\{\w+\}|undefined|\[object/);
        }
        expect(email.html, `${locale} ${name}`).toMatch(new RegExp(`<html[^>]* lang="${localeTags[locale]}"`));
        expect(email.html, `${locale} ${name}`).toMatch(/<h1[^>]*>[^<]+<\/h1>/);
        // The text part is text: no tags, and it opens with the shop and the heading.
        expect(email.text, `${locale} ${name}`).not.toMatch(/<\/?[a-z][^>]*>/i);
        expect(email.text.startsWith(`${brand.shopName}\n\n`), `${locale} ${name}`).toBe(true);
      }
      // Customer mail carries the shop's logo with the shop's name as its alt text (staff invites: the name).
      for (const name of ['receipt', 'refund', 'exchange', 'claim', 'reply', 'access', 'csat', 'milestone'] as const) {
        expect(emails[name].html, name).toContain('alt="Kuusi &amp; Koivu"');
      }
    });

    it(`${locale}: dates and money in the language's one style, the same as pages use`, async () => {
      const emails = await everyEmail(locale);
      const money = formatMoney(locale, 1250, 'EUR');
      expect(money).toBe({ fi: '12,50\u00a0€', sv: '12,50\u00a0€', en: '€12.50' }[locale]);
      const day = formatDate(locale, issuedAt, { timeZone: 'Europe/Helsinki' });
      expect(day).toBe({ fi: '5. joulukuuta 2026', sv: '5 december 2026', en: '5 December 2026' }[locale]);
      expect(emails.refund.subject).toContain(money);
      expect(emails.refund.text).toContain(day);
      expect(emails.receipt.text).toContain(money);
      // The receipt's time of submission and its deadline (14 days later) read in the same style.
      expect(emails.receipt.text).toContain(formatDate(locale, '2026-12-19'));
      expect(emails.milestone.text).toContain(formatDate(locale, '2026-12-08', { style: 'weekday' }));
      for (const email of Object.values(emails)) expect(email.text).not.toMatch(/\b\d{2}\/\d{2}\/\d{4}\b/);
    });
  }

  it('the withdrawal receipt names the next step: where to send the goods, by when, and the refund deadline (14 days from the withdrawal)', async () => {
    const { receipt } = await everyEmail('en');
    expect(receipt.text).not.toContain('We will tell you how');
    expect(receipt.text).toContain('Send the goods back by 19 December 2026');
    expect(receipt.text).toContain('Send them to: Kuusi & Koivu, Varastokatu 1, 00100 Helsinki, FI');
    expect(receipt.text).toContain('We refund you by 19 December 2026 at the latest');
    const fi = (await everyEmail('fi')).receipt;
    expect(fi.text).toContain('Lähetä tuotteet takaisin viimeistään 19. joulukuuta 2026');
  });

  it('buttons keep 4.5:1 contrast whatever the accent colour; without a logo the shop name is the header', async () => {
    for (const accent of ['#1f5f4a', '#f5d90a', '#ffffff', '#777777', 'not-a-colour']) {
      const c = buttonColors(accent);
      expect(contrastRatio(c.background, c.color), accent).toBeGreaterThanOrEqual(4.5);
    }
    const { html, text } = await renderEmail({
      locale: 'sv',
      brand: { ...brand, logoUrl: null, accentColor: '#f5d90a' },
      heading: 'Rubrik',
      blocks: [{ kind: 'text', text: 'Stycke <b>' }, { kind: 'button', label: 'Öppna', url: 'https://paluu.example/x?a="b"' }],
      footer: ['Sidfot'],
    });
    expect(html).not.toContain('<img');
    expect(html).toContain('Kuusi &amp; Koivu');
    expect(html).toContain('Stycke &lt;b&gt;');
    expect(html).toContain('href="https://paluu.example/x?a=&quot;b&quot;"');
    expect(text).toBe('Kuusi & Koivu\n\nRubrik\n======\n\nStycke <b>\n\nÖppna:\nhttps://paluu.example/x?a="b"\n\n—\nSidfot\napu@kuusikoivu.example');
  });
});
