import { logoPath } from '@/lib/settings/branding';
import type { ShopSettings } from '@/lib/settings/shop-settings';

/** The shop's logo (its name as alt text) or, without one, its name (staff settings → branding). */
export function ShopBrand({ shop }: { shop: Pick<ShopSettings, 'name' | 'logo'> }) {
  if (!shop.logo) return <>{shop.name}</>;
  // Fixed box from the stored size: no layout shift. Served by our own route, so a plain <img>.
  // eslint-disable-next-line @next/next/no-img-element
  return <img src={logoPath(shop.logo.version)} alt={shop.name} width={shop.logo.width} height={shop.logo.height} className="h-10 w-auto max-w-[60vw]" data-testid="shop-logo" />;
}

/** Support email, phone and web page as links, when the shop has set them. */
export function SupportContact({ shop }: { shop: Pick<ShopSettings, 'supportEmail' | 'supportPhone' | 'supportUrl'> }) {
  const items = [
    shop.supportEmail && { href: `mailto:${shop.supportEmail}`, text: shop.supportEmail },
    shop.supportPhone && { href: `tel:${shop.supportPhone.replace(/[^+\d]/g, '')}`, text: shop.supportPhone },
    shop.supportUrl && { href: shop.supportUrl, text: shop.supportUrl.replace(/^https?:\/\//, '') },
  ].filter((x): x is { href: string; text: string } => Boolean(x));
  if (items.length === 0) return null;
  return (
    <p className="flex flex-wrap gap-x-3" data-testid="support-contact">
      {items.map((item) => (
        <a key={item.href} href={item.href}>
          {item.text}
        </a>
      ))}
    </p>
  );
}
