import { createTranslator } from 'use-intl/core';
import type { Locale } from '@/lib/core/locales';
import { loadMessages, type Messages } from '@/lib/i18n/messages';
import type { ClaimRemedy, ClaimType } from './state';
import { escapeHtml } from '@/lib/outbox/service-email-layout';


/** The claim confirmation: what was reported, that the shop handles it (never the carrier), the status link. */
export async function renderClaimEmail(
  locale: Locale,
  claim: { shopName: string; supportEmail: string | null; orderNumber: string; caseNumber: number; type: ClaimType; remedy: ClaimRemedy | null; statusUrl: string },
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
  const footer = claim.supportEmail ? `${claim.shopName} · ${claim.supportEmail}` : claim.shopName;
  const text = [t('heading'), '', handles, '', ...rows.map(([k, v]) => `${k}: ${v}`), '', t('next'), '', `${t('statusLink')}: ${claim.statusUrl}`, '', footer].join('\n');
  const html = `<!doctype html><html lang="${locale}"><body style="font-family:system-ui,sans-serif;color:#1b1f1d;max-width:560px;margin:0 auto;padding:16px">
<p style="font-weight:600">${escapeHtml(claim.shopName)}</p>
<h1 style="font-size:20px">${escapeHtml(t('heading'))}</h1>
<p>${escapeHtml(handles)}</p>
<table role="presentation">${rows.map(([k, v]) => `<tr><th style="text-align:left;padding:4px 12px 4px 0">${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`).join('')}</table>
<p>${escapeHtml(t('next'))}</p>
<p><a href="${escapeHtml(claim.statusUrl)}" style="display:inline-block;padding:12px 20px;background:#1f5f4a;color:#fff;border-radius:8px;text-decoration:none">${escapeHtml(t('statusLink'))}</a></p>
<p style="color:#4d5752;font-size:14px">${escapeHtml(footer)}</p>
</body></html>`;
  return { subject, text, html };
}
