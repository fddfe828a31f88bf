import { appUrl } from '@/lib/core/url';
import { logoPath } from '@/lib/settings/branding';
import type { ShopSettings } from '@/lib/settings/shop-settings';

export const escapeHtml = (value: string) =>
  value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

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
