import { appUrl } from '@/lib/core/url';
import type { Locale } from '@/lib/core/locales';
import { logoPath } from '@/lib/settings/branding';
import type { ShopSettings } from '@/lib/settings/shop-settings';

export const escapeHtml = (value: string) =>
  value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** Moved to lib/core (issue #13); re-exported so existing imports keep compiling. */
export { formatMoney } from '@/lib/core/money';
export { appUrl } from '@/lib/core/url';

/** The shop's branding as emails show it: logo (absolute URL) or name in the header, support contact in the footer. */
export type EmailBrand = {
  shopName: string;
  accentColor: string;
  logoUrl: string | null;
  supportEmail: string | null;
  supportPhone: string | null;
  supportUrl: string | null;
};

export function emailBrand(shop: Pick<ShopSettings, 'name' | 'accentColor' | 'logo' | 'supportEmail' | 'supportPhone' | 'supportUrl'>): EmailBrand {
  return {
    shopName: shop.name,
    accentColor: shop.accentColor,
    logoUrl: shop.logo ? appUrl(logoPath(shop.logo.version)) : null,
    supportEmail: shop.supportEmail,
    supportPhone: shop.supportPhone ?? null,
    supportUrl: shop.supportUrl ?? null,
  };
}

/** The header cell of every customer email: the logo (alt = shop name) or the name, over an accent rule. */
export function emailHeaderHtml(brand: Pick<EmailBrand, 'shopName' | 'accentColor' | 'logoUrl'>): string {
  const inner = brand.logoUrl
    ? `<img src="${escapeHtml(brand.logoUrl)}" alt="${escapeHtml(brand.shopName)}" style="max-height:48px;max-width:240px;display:block;border:0">`
    : escapeHtml(brand.shopName);
  return `<tr><td style="padding:20px 24px;border-bottom:3px solid ${escapeHtml(brand.accentColor)};font-weight:600;font-size:18px">${inner}</td></tr>`;
}

/** The support contact line (email · phone · site), empty when the shop has none. */
export function emailContactText(brand: Pick<EmailBrand, 'supportEmail' | 'supportPhone' | 'supportUrl'>): string {
  return [brand.supportEmail, brand.supportPhone, brand.supportUrl].filter(Boolean).join(' · ');
}

export function emailContactHtml(brand: Pick<EmailBrand, 'supportEmail' | 'supportPhone' | 'supportUrl'>): string {
  const contact = emailContactText(brand);
  return contact ? `<p style="margin:8px 0 0;color:#56625d;font-size:14px" data-brand-contact>${escapeHtml(contact)}</p>` : '';
}

/**
 * A plain service message (no promotion): shop name, heading, paragraphs, optional extra HTML
 * block, footer. Paragraphs are text; only `extraHtml` is trusted markup built by the caller.
 */
export function serviceEmailHtml(input: { locale: Locale; shopName: string; heading: string; paragraphs: string[]; extraHtml?: string; footer: string; brand?: EmailBrand }): string {
  const brand = input.brand ?? { shopName: input.shopName, accentColor: '#dfe5e2', logoUrl: null, supportEmail: null, supportPhone: null, supportUrl: null };
  return `<!doctype html><html lang="${input.locale}"><body style="margin:0;background:#f4f6f5;font-family:-apple-system,Segoe UI,Roboto,Helvetica,Arial,sans-serif;color:#1b2420">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0"><tr><td align="center" style="padding:24px 12px">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="max-width:560px;background:#ffffff;border-radius:12px">
${emailHeaderHtml(brand)}
<tr><td style="padding:24px">
<h1 style="margin:0 0 12px;font-size:22px">${escapeHtml(input.heading)}</h1>
${input.paragraphs.map((p) => `<p style="margin:0 0 12px;line-height:1.5">${escapeHtml(p)}</p>`).join('\n')}
${input.extraHtml ?? ''}
<p style="margin:24px 0 0;color:#56625d;font-size:14px">${input.footer}</p>
${emailContactHtml(brand)}
</td></tr></table></td></tr></table></body></html>`;
}
