import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { getTranslations, setRequestLocale } from 'next-intl/server';
import { toLocale } from '@/lib/i18n/locales';
import { getAuthorizedLabelSummary } from '@/lib/labels/authorized-label';
import { ReturnLabelSection } from '../_components/return-label-section';

type Params = Promise<{ locale: string; rma: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const t = await getTranslations({ locale: toLocale((await params).locale), namespace: 'labels.section' });
  return { title: t('title') };
}

/** A return's label on its own page (a direct link from the label email; the return page embeds the same section). */
export default async function ReturnLabelPage({ params }: { params: Params }) {
  const { locale: raw, rma } = await params;
  const locale = toLocale(raw);
  setRequestLocale(locale);
  const label = await getAuthorizedLabelSummary(decodeURIComponent(rma));
  if (!label) notFound();
  const t = await getTranslations('labels.section');
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold sm:text-3xl">
        {t('title')} · {label.rma}
      </h1>
      <ReturnLabelSection rma={label.rma} locale={locale} />
      <p>
        <a href={`/${locale}/orders/${encodeURIComponent(label.orderNumber)}`}>{label.orderNumber}</a>
      </p>
    </div>
  );
}
