import { getTranslations } from 'next-intl/server';
import { isLocale, type Locale, locales } from '@/lib/i18n/locales';
import { loadMessages } from '@/lib/i18n/messages';
import { emailBrand } from '@/lib/outbox/service-email-layout';
import { defaultTexts, EMAIL_TEMPLATE_KINDS, type EmailTemplateKind, emailTemplateKinds, readEmailTemplateOverrides } from '@/lib/settings/email-templates';
import { readShopSettings } from '@/lib/settings/shop-settings';
import { staffLocale } from '../../_components/staff-locale';
import { requireAdminPage } from '../_admin/require-admin-page';
import { EmailEditor } from './email-editor';

export async function generateMetadata() {
  const t = await getTranslations({ locale: await staffLocale(), namespace: 'staffSettings' });
  return { title: t('emails.title') };
}

/** Email texts per kind and language: the default, the shop's override, a live preview. */
export default async function EmailTemplatesPage({ searchParams }: { searchParams: Promise<{ kind?: string; locale?: string }> }) {
  const admin = await requireAdminPage();
  const staffLang = await staffLocale();
  const t = await getTranslations({ locale: staffLang, namespace: 'staffSettings' });
  const params = await searchParams;
  const messagesEn = await loadMessages('en');
  // Only kinds whose catalog namespace exists (the delay notice joins once its texts land).
  const kinds = emailTemplateKinds.filter((k) => defaultTexts(messagesEn, k).length > 0);
  const kind: EmailTemplateKind = kinds.includes(params.kind as EmailTemplateKind) ? (params.kind as EmailTemplateKind) : 'return';
  const locale: Locale = params.locale && isLocale(params.locale) ? params.locale : staffLang;
  const db = admin.db;
  const [messages, overrides, shop] = await Promise.all([loadMessages(locale), readEmailTemplateOverrides(db), readShopSettings(db)]);
  const mine = overrides[locale] ?? {};
  const texts = defaultTexts(messages, kind).map(([key, original]) => ({ key, original, current: mine[key] ?? original, overridden: key in mine }));
  return (
    <>
      <h1 className="text-2xl font-semibold">{t('emails.title')}</h1>
      <p>{t('emails.intro')}</p>
      <form method="get" className="flex flex-wrap items-end gap-3 rounded-lg border border-[var(--color-line)] bg-white p-4">
        <div>
          <label htmlFor="email-kind" className="block font-medium">
            {t('emails.kind')}
          </label>
          <select id="email-kind" name="kind" defaultValue={kind} className="mt-1 min-h-11 rounded border border-[var(--color-muted)] bg-white px-3">
            {kinds.map((k) => (
              <option key={k} value={k}>
                {t(`emails.kinds.${k}` as never)}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="email-locale" className="block font-medium">
            {t('emails.language')}
          </label>
          <select id="email-locale" name="locale" defaultValue={locale} className="mt-1 min-h-11 rounded border border-[var(--color-muted)] bg-white px-3">
            {locales.map((l) => (
              <option key={l} value={l}>
                {t(`languages.${l}`)}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="min-h-11 rounded border border-[var(--color-muted)] bg-white px-4 font-semibold">
          {t('emails.open')}
        </button>
      </form>
      <EmailEditor key={`${kind}-${locale}`} kind={kind} locale={locale} namespace={EMAIL_TEMPLATE_KINDS[kind]} texts={texts} brand={emailBrand(shop)} />
    </>
  );
}
