import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { getDb } from '@/db';
import { carrierName, isCarrier } from '@/lib/carriers/catalog';
import { type SearchHit, staffSearch } from '@/lib/search/staff-search';
import { toActor } from '@/lib/staff/ctx';
import { requireStaffPage } from '../_components/require-staff-page';
import { staffLocale } from '../_components/staff-locale';

export async function generateMetadata() {
  const t = await getTranslations({ locale: await staffLocale(), namespace: 'staff.desk.search' });
  return { title: t('title') };
}

/** The header search's results, grouped: cases, orders, returns, parcels (one query, lib/search). */
export default async function SearchPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requireStaffPage();
  const params = await searchParams;
  const q = typeof params.q === 'string' ? params.q.slice(0, 200) : '';
  const results = await staffSearch({ db: getDb(), actor: toActor(actor) }, q);
  const t = await getTranslations({ locale: actor.locale, namespace: 'staff.desk.search' });
  const tq = await getTranslations({ locale: actor.locale, namespace: 'staff.queue' });
  const tl = await getTranslations({ locale: actor.locale, namespace: 'staff.desk.labels' });
  const tr = await getTranslations({ locale: actor.locale, namespace: 'staffReturns.statuses' });
  const tp = await getTranslations({ locale: actor.locale, namespace: 'staff.macroParcel.status' });
  const total = results.cases.length + results.orders.length + results.returns.length + results.parcels.length;
  const status = (hit: SearchHit) => {
    if (!hit.status) return null;
    if (hit.kind === 'case') return tq(`status.${hit.status}` as 'status.open');
    const catalog = hit.kind === 'return' ? tr : tp;
    return catalog.has(hit.status as never) ? catalog(hit.status as never) : tl('unknown');
  };
  const groups = [
    { key: 'cases', hits: results.cases },
    { key: 'orders', hits: results.orders },
    { key: 'returns', hits: results.returns },
    { key: 'parcels', hits: results.parcels },
  ] as const;
  return (
    <div className="max-w-4xl space-y-4">
      <h1 className="text-xl font-semibold">{results.q ? t('resultsFor', { q: results.q }) : t('title')}</h1>
      {!results.q && <p>{t('emptyQuery')}</p>}
      {results.q && total === 0 && <p role="status">{t('none')}</p>}
      {groups.map(
        (g) =>
          g.hits.length > 0 && (
            <section key={g.key} aria-labelledby={`group-${g.key}`} data-testid={`search-${g.key}`} className="rounded-lg border border-[var(--color-line)] bg-white p-3">
              <h2 id={`group-${g.key}`} className="font-semibold">
                {t(`group.${g.key}`)} ({g.hits.length})
              </h2>
              <ul className="mt-1 divide-y divide-[var(--color-line)]">
                {g.hits.map((hit) => {
                  const label = hit.kind === 'parcel' && hit.carrier ? `${isCarrier(hit.carrier) ? carrierName(hit.carrier) : ''} ${hit.label}`.trim() : hit.label;
                  return (
                    <li key={hit.id} className="flex flex-wrap items-center gap-x-3 py-1.5 text-sm">
                      {hit.caseId ? (
                        <Link href={`/staff/cases/${hit.caseId}`} className="font-medium">
                          {hit.kind === 'case' ? `${hit.label} ${hit.detail ?? ''}` : label}
                        </Link>
                      ) : (
                        <span className="font-medium">{label}</span>
                      )}
                      {hit.kind !== 'case' && hit.detail && <span>{hit.detail}</span>}
                      {status(hit) && <span className="text-[var(--color-muted)]">{status(hit)}</span>}
                      {hit.kind === 'return' && (
                        <Link href={`/staff/receiving?code=${encodeURIComponent(hit.label)}`} className="text-sm">
                          {t('receive')}
                        </Link>
                      )}
                      {hit.kind !== 'case' && !hit.caseId && <span className="text-[var(--color-muted)]">{t('noCase')}</span>}
                    </li>
                  );
                })}
              </ul>
            </section>
          ),
      )}
    </div>
  );
}
