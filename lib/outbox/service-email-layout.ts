import type { Locale } from '@/lib/i18n/locales';
import { localeTags } from '@/lib/i18n/locales';

export const escapeHtml = (value: string) =>
  value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export function formatMoney(locale: Locale, minor: number, currency: string): string {
  return new Intl.NumberFormat(localeTags[locale], { style: 'currency', currency }).format(minor / 100);
}

export function appUrl(path: string): string {
  return `${(process.env.APP_URL ?? 'http://localhost:3000').replace(/\/$/, '')}${path}`;
}

/**
 * A plain service message (no promotion): shop name, heading, paragraphs, optional extra HTML
 * block, footer. Paragraphs are text; only `extraHtml` is trusted markup built by the caller.
 */
export function serviceEmailHtml(input: { locale: Locale; shopName: string; heading: string; paragraphs: string[]; extraHtml?: string; footer: string }): string {
  return `<!doctype html><html lang="${input.locale}"><body style="margin:0;background:#f4f6f5;font-family:-apple-system,Segoe UI,Roboto,Helvetica,Arial,sans-serif;color:#1b2420">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0"><tr><td align="center" style="padding:24px 12px">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="max-width:560px;background:#ffffff;border-radius:12px">
<tr><td style="padding:20px 24px;border-bottom:1px solid #dfe5e2;font-weight:600;font-size:18px">${escapeHtml(input.shopName)}</td></tr>
<tr><td style="padding:24px">
<h1 style="margin:0 0 12px;font-size:22px">${escapeHtml(input.heading)}</h1>
${input.paragraphs.map((p) => `<p style="margin:0 0 12px;line-height:1.5">${escapeHtml(p)}</p>`).join('\n')}
${input.extraHtml ?? ''}
<p style="margin:24px 0 0;color:#56625d;font-size:14px">${input.footer}</p>
</td></tr></table></td></tr></table></body></html>`;
}
