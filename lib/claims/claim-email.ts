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

/**
 * The claim's answer: the decision, what the customer gets, staff's message and what happens next (and
 * when), on the shared layout. A declined claim says how to disagree and that consumer rights still apply.
 */
export async function renderClaimAnswerEmail(
  locale: Locale,
  answer: {
    shopName: string;
    supportEmail: string | null;
    brand?: EmailBrand;
    orderNumber: string;
    caseNumber: number;
    decision: 'approved' | 'rejected';
    remedy: Exclude<ClaimRemedy, 'investigate'> | null;
    message: string;
    statusUrl: string;
  },
  shopMessages?: Messages,
): Promise<{ subject: string; text: string; html: string }> {
  const messages = shopMessages ?? (await loadMessages(locale));
  const t = createTranslator({ locale, messages, namespace: 'claimAnswerEmail' });
  const tc = createTranslator({ locale, messages, namespace: 'claims' });
  const approved = answer.decision === 'approved' && answer.remedy !== null;
  const rows = [
    { label: t('caseNumber'), value: String(answer.caseNumber) },
    { label: t('order'), value: answer.orderNumber },
    { label: t('decision'), value: approved ? t('approved') : t('rejected') },
    ...(approved ? [{ label: t('remedy'), value: tc(`remedies.${answer.remedy!}`) }] : []),
  ];
  const { html, text } = await renderEmail({
    locale,
    brand: answer.brand ?? { ...plainBrand(answer.shopName), supportEmail: answer.supportEmail },
    heading: approved ? t('headingApproved') : t('headingRejected'),
    blocks: [
      { kind: 'rows', rows },
      ...(answer.message ? [{ kind: 'text' as const, text: `${t('ourMessage')}:` }, { kind: 'text' as const, text: answer.message }] : []),
      { kind: 'text', text: `${t('nextTitle')}: ${approved ? t(`next.${answer.remedy!}`) : t('next.rejected')}` },
      { kind: 'button', label: t('statusLink'), url: answer.statusUrl },
    ],
    footer: [answer.shopName],
  });
  return { subject: t('subject', { orderNumber: answer.orderNumber, shop: answer.shopName }), text, html };
}
