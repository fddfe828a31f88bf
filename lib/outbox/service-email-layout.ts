import { appOrigin } from '@/lib/http/app-origin';
import { logoPath } from '@/lib/settings/branding';
import type { ShopSettings } from '@/lib/settings/shop-settings';

export const escapeHtml = (value: string) =>
  value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** Money in emails is the one shared formatter's (lib/i18n/format.ts). */
export { formatMoney } from '@/lib/i18n/format';

/** An absolute link into the app, from APP_URL (else the address listened on): never from a request's Host header (LK-16). */
export function appUrl(path: string): string {
  return `${appOrigin()}${path}`;
}

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

/** The support contact line (email · phone · site), empty when the shop has none. */
export function emailContactText(brand: Pick<EmailBrand, 'supportEmail' | 'supportPhone' | 'supportUrl'>): string {
  return [brand.supportEmail, brand.supportPhone, brand.supportUrl].filter(Boolean).join(' · ');
}
