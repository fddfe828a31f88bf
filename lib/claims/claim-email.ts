import { createTranslator } from 'use-intl/core';
import type { Locale } from '@/lib/core/locales';
import { loadMessages, type Messages } from '@/lib/i18n/messages';
import type { ClaimRemedy, ClaimType } from './state';
import { plainBrand, renderEmail } from '@/lib/outbox/email-layout';
import type { EmailBrand } from '@/lib/outbox/service-email-layout';


/** The claim confirmation: what was reported, that the shop handles it (never the carrier), the status link. */
export async function renderClaimEmail(
  locale: Locale,
  claim: { shopName: string; supportEmail: string | null; brand?: EmailBrand; orderNumber: string; caseNumber: number; type: ClaimType; remedy: ClaimRemedy | null; statusUrl: string },
  /** The shop's texts (`loadEmailMessages`); the plain catalog without. */
  shopMessages?: Messages,
): Promise<{ subject: string; text: string; html: string }> {
  const messages = shopMessages ?? (await loadMessages(locale));
  const t = createTranslator({ locale, messages, namespace: 'claimEmail' });
  const tc = createTranslator({ locale, messages, namespace: 'claims' });
  const rows: Array<[string, string]> = [
    [t('caseNumber'), String(claim.caseNumber)],
    [t('order'), claim.orderNumber],
    [t('reported'), tc(`types.${claim.type}`)],
    ...(claim.remedy ? ([[t('requested'), tc(`remedies.${claim.remedy}`)]] as Array<[string, string]>) : []),
  ];
  const handles = claim.type === 'not_received' ? t('notReceived') : t('shopHandles');
  const subject = t('subject', { orderNumber: claim.orderNumber, shop: claim.shopName });
  const { html, text } = await renderEmail({
    locale,
    brand: claim.brand ?? { ...plainBrand(claim.shopName), supportEmail: claim.supportEmail },
    heading: t('heading'),
    blocks: [
      { kind: 'text', text: handles },
      { kind: 'rows', rows: rows.map(([label, value]) => ({ label, value })) },
      { kind: 'text', text: t('next') },
      { kind: 'button', label: t('statusLink'), url: claim.statusUrl },
    ],
    footer: [claim.shopName],
  });
  return { subject, text, html };
}
