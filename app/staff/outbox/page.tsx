import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { getDb } from '@/db';
import { regionalFormat } from '@/lib/i18n/format';
import { localeTags } from '@/lib/i18n/locales';
import { listOutbox, outboxQuerySchema } from '@/lib/outbox/staff-outbox';
import { getShopSettings } from '@/lib/settings/shop';
import { toActor } from '@/lib/staff/ctx';
import { requireStaffPage } from '../_components/require-staff-page';
import { Cell, DataTable, Row } from '../_ui/data-table';

export default async function OutboxPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requireStaffPage();
  const t = await getTranslations({ locale: actor.locale, namespace: 'staff' });
  const raw = Object.fromEntries(Object.entries(await searchParams).filter((e): e is [string, string] => typeof e[1] === 'string' && e[1] !== ''));
  const query = outboxQuerySchema.parse(raw);
  const { rows, nextCursor } = await listOutbox({ db: getDb(), actor: toActor(actor) }, query);
  const shop = await getShopSettings();
  const format = regionalFormat(actor.locale);
  const next = new URLSearchParams({ ...raw, after: nextCursor ?? '' }).toString();
  return (
    <div className="space-y-3">
      <h1 className="text-xl font-semibold">{t('outbox.title')}</h1>
      <form method="get" role="search" className="flex flex-wrap items-end gap-2 rounded-lg border border-[var(--color-line)] bg-white p-3">
        <div>
          <label htmlFor="o-to" className="block text-sm font-medium">
            {t('outbox.recipient')}
          </label>
          <input id="o-to" name="to" type="email" defaultValue={query.to ?? ''} maxLength={320} className="min-h-11 rounded border border-[var(--color-muted)] px-2" />
        </div>
        <div>
          <label htmlFor="o-status" className="block text-sm font-medium">
            {t('outbox.status')}
          </label>
          <select id="o-status" name="status" defaultValue={query.status ?? ''} className="min-h-11 rounded border border-[var(--color-muted)] px-2">
            <option value="">{t('outbox.any')}</option>
            {(['pending', 'sending', 'sent', 'captured', 'failed'] as const).map((s) => (
              <option key={s} value={s}>
                {t(`outbox.statuses.${s}`)}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="o-locale" className="block text-sm font-medium">
            {t('outbox.language')}
          </label>
          <select id="o-locale" name="locale" defaultValue={query.locale ?? ''} className="min-h-11 rounded border border-[var(--color-muted)] px-2">
            <option value="">{t('outbox.any')}</option>
            {['fi', 'sv', 'en', 'da', 'nb'].map((l) => (
              <option key={l} value={l}>
                {l}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="min-h-11 rounded bg-[var(--accent)] px-4 font-semibold text-white">
          {t('outbox.apply')}
        </button>
      </form>
      <DataTable caption={t('outbox.title')} columns={[t('outbox.created'), t('outbox.recipient'), t('outbox.subject'), t('outbox.language'), t('outbox.status')]} empty={t('outbox.empty')}>
        {rows.map((r) => (
          <Row key={r.id}>
            <Cell className="whitespace-nowrap">{format.moment(r.createdAt, shop.timeZone)}</Cell>
            <Cell>{r.recipient}</Cell>
            {/* The subject is in the customer's language (screen readers switch to it). */}
            <Cell lang={r.locale ? localeTags[r.locale] : undefined}>
              <Link href={`/staff/outbox/${r.id}`}>{r.subject}</Link>
            </Cell>
            <Cell>{r.locale ?? '—'}</Cell>
            <Cell>{t(`outbox.statuses.${r.status}`)}</Cell>
          </Row>
        ))}
      </DataTable>
      {nextCursor && <Link href={`/staff/outbox?${next}`}>{t('outbox.nextPage')}</Link>}
    </div>
  );
}
