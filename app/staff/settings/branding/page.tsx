import { getTranslations } from 'next-intl/server';
import { readShopSettings } from '@/lib/settings/shop-settings';
import { staffLocale } from '../../_components/staff-locale';
import { requireAdminPage } from '../_admin/require-admin-page';
import { BrandingForm } from './branding-form';

export async function generateMetadata() {
  const t = await getTranslations({ locale: await staffLocale(), namespace: 'staffSettings' });
  return { title: t('branding.title') };
}

export default async function BrandingSettingsPage() {
  const admin = await requireAdminPage();
  const t = await getTranslations({ locale: await staffLocale(), namespace: 'staffSettings' });
  // Fresh read (not the per-request cache): the form shows what was just saved.
  const shop = await readShopSettings(admin.db);
  return (
    <>
      <h1 className="text-2xl font-semibold">{t('branding.title')}</h1>
      <p>{t('branding.intro')}</p>
      <BrandingForm
        initial={{ name: shop.name, accentColor: shop.accentColor, supportEmail: shop.supportEmail ?? '', supportPhone: shop.supportPhone ?? '', supportUrl: shop.supportUrl ?? '' }}
        logo={shop.logo}
        shopName={shop.name}
      />
    </>
  );
}
