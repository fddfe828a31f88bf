import Link from 'next/link';
import { eq } from 'drizzle-orm';
import { notFound } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { z } from 'zod';
import { getDb } from '@/db';
import { cases, orders } from '@/db/schema';
import { requireStaffPage } from '../../_components/require-staff-page';
import { staffLocale } from '../../_components/staff-locale';
import { CsatPanel } from './_components/csat-panel';
import { GoodwillPanel } from './_components/goodwill-panel';
import { ReturnPanel } from './_components/return-panel';

/*
 * MINIMAL case page of the staff2 branch, only so the return / goodwill / CSAT panels can be used and
 * tested end to end. The staff engineer's full case page replaces it at merge and renders the panels.
 */
export default async function CasePage({ params }: { params: Promise<{ id: string }> }) {
  await requireStaffPage();
  const { id } = await params;
  if (!z.uuid().safeParse(id).success) notFound();
  const locale = await staffLocale();
  const t = await getTranslations({ locale, namespace: 'staffReturns' });
  const [row] = await getDb()
    .select({ c: cases, orderNumber: orders.orderNumber })
    .from(cases)
    .leftJoin(orders, eq(orders.id, cases.orderId))
    .where(eq(cases.id, id))
    .limit(1);
  if (!row) notFound();
  const kase = row.c;
  return (
    <div className="space-y-4">
      <Link href="/staff" className="text-[var(--accent)] underline">
        {t('case.backToQueue')}
      </Link>
      <h1 className="text-2xl font-semibold">{t('case.title', { number: kase.number, subject: kase.subject })}</h1>
      <p>
        {t('case.customer')}: {kase.customerName ?? ''} &lt;{kase.customerEmail}&gt;
        {row.orderNumber && <> · {t('case.order', { orderNumber: row.orderNumber })}</>}
        {' · '}
        <span data-testid="case-status">{t('case.status', { status: t(`caseStatuses.${kase.status}`) })}</span>
      </p>
      <div className="grid gap-4 lg:grid-cols-[2fr_1fr]">
        <div className="space-y-4">
          <ReturnPanel returnId={kase.returnId} />
        </div>
        <div className="space-y-4">
          <GoodwillPanel caseId={kase.id} orderId={kase.orderId} />
          <CsatPanel caseId={kase.id} caseStatus={kase.status} />
        </div>
      </div>
    </div>
  );
}
