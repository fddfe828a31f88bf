// PLACEHOLDER for contract A (owner: delays) — replaced by the delays engineer's file at merge.
// Texts are inline here only because the `delayNotice` catalog namespace belongs to delays.
import { eq } from 'drizzle-orm';
import type { DbOrTx } from '@/db';
import { delayIncidents, orders, shipments } from '@/db/schema';
import { AppError } from '@/lib/errors';
import { type Locale, toLocale } from '@/lib/i18n/locales';
import { escapeHtml, serviceEmailHtml } from '@/lib/outbox/service-email-layout';
import { readShopSettings } from '@/lib/settings/shop-settings';

export type NoticeContent = { subject: string; heading: string; paragraphs: string[]; html: string; text: string };

const TEXT: Record<Locale, { subject: (n: string) => string; heading: string; body: (t: string) => string; choose: string; footer: string }> = {
  fi: { subject: (n) => `Tilauksesi ${n} paketti on myöhässä`, heading: 'Pakettisi on myöhässä', body: (t) => `Pakettisi ${t} ei ole liikkunut odotetusti. Seuraamme sitä kuljetusyhtiön kanssa.`, choose: 'Valitse, miten jatketaan', footer: 'Tämä on palveluviesti tilauksestasi.' },
  sv: { subject: (n) => `Paketet i din beställning ${n} är försenat`, heading: 'Ditt paket är försenat', body: (t) => `Ditt paket ${t} har inte rört sig som väntat. Vi följer upp det med transportören.`, choose: 'Välj hur vi går vidare', footer: 'Detta är ett servicemeddelande om din beställning.' },
  en: { subject: (n) => `The parcel in your order ${n} is late`, heading: 'Your parcel is late', body: (t) => `Your parcel ${t} has not moved as expected. We are following it up with the carrier.`, choose: 'Choose what happens next', footer: 'This is a service message about your order.' },
  da: { subject: (n) => `Pakken i din ordre ${n} er forsinket`, heading: 'Din pakke er forsinket', body: (t) => `Din pakke ${t} har ikke bevæget sig som ventet. Vi følger op med fragtfirmaet.`, choose: 'Vælg hvad der skal ske', footer: 'Dette er en servicebesked om din ordre.' },
  nb: { subject: (n) => `Pakken i bestillingen din ${n} er forsinket`, heading: 'Pakken din er forsinket', body: (t) => `Pakken din ${t} har ikke beveget seg som ventet. Vi følger opp med transportøren.`, choose: 'Velg hva som skal skje', footer: 'Dette er en servicemelding om bestillingen din.' },
};

export async function renderDelayNotice(db: DbOrTx, incidentId: string, options: { remedyUrl?: string | null } = {}): Promise<NoticeContent & { locale: Locale }> {
  const [row] = await db
    .select({ orderNumber: orders.orderNumber, locale: orders.locale, trackingNumber: shipments.trackingNumber })
    .from(delayIncidents)
    .innerJoin(shipments, eq(shipments.id, delayIncidents.shipmentId))
    .innerJoin(orders, eq(orders.id, shipments.orderId))
    .where(eq(delayIncidents.id, incidentId))
    .limit(1);
  if (!row) throw new AppError('not_found');
  const locale = toLocale(row.locale);
  const shop = await readShopSettings(db);
  const t = TEXT[locale];
  const subject = t.subject(row.orderNumber);
  const paragraphs = [t.body(row.trackingNumber)];
  const button = options.remedyUrl ? `<p style="margin:16px 0"><a href="${escapeHtml(options.remedyUrl)}">${escapeHtml(t.choose)}</a></p>` : '';
  const html = serviceEmailHtml({ locale, shopName: shop.name, heading: t.heading, paragraphs, extraHtml: button, footer: escapeHtml(t.footer) });
  const text = [t.heading, '', ...paragraphs, ...(options.remedyUrl ? ['', `${t.choose}: ${options.remedyUrl}`] : []), '', t.footer].join('\n');
  return { locale, subject, heading: t.heading, paragraphs, html, text };
}
