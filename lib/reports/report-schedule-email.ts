import type { EmailPayload } from '@/db/schema';
import type { Locale } from '@/lib/core/locales';
import { appUrl } from '@/lib/core/url';
import { formatDate } from '@/lib/i18n/format';
import { plainBrand, renderEmail } from '@/lib/outbox/email-layout';
import type { ReportId } from './definitions';
import { type ReportsT, reportsTranslator } from './labels';

type Msg = Parameters<ReportsT>[0];

/** The scheduled report email: which report, which days, the rows of each attached table, a link to the page. */
export async function renderReportScheduleEmail(input: {
  locale: Locale;
  to: string;
  shopName: string;
  report: ReportId;
  period: { from: string; to: string };
  tables: { table: string; rows: number }[];
}): Promise<Omit<EmailPayload, 'attachments'>> {
  const t = await reportsTranslator(input.locale);
  const report = t(`reports.${input.report}.title` as Msg);
  const { from, to } = input.period;
  const days = from === to ? formatDate(input.locale, from) : `${formatDate(input.locale, from)} – ${formatDate(input.locale, to)}`;
  const url = appUrl(`/staff/reports/${input.report}?range=custom&from=${from}&to=${to}`);
  const { html, text } = await renderEmail({
    locale: input.locale,
    brand: plainBrand(input.shopName),
    heading: t('scheduleEmail.heading', { report, days }),
    blocks: [
      { kind: 'text', text: t('scheduleEmail.intro', { report, days, files: input.tables.length }) },
      { kind: 'rows', rows: input.tables.map((table) => ({ label: t(`tables.${input.report}.${table.table}` as Msg), value: t('scheduleEmail.rows', { count: table.rows }) })) },
      { kind: 'button', label: t('scheduleEmail.cta'), url },
    ],
    footer: [t('scheduleEmail.footer', { shop: input.shopName })],
  });
  return { to: input.to, subject: t('scheduleEmail.subject', { report, days }), html, text };
}
