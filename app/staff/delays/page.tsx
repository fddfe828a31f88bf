import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { getDb } from '@/db';
import { carrierName, isCarrier } from '@/lib/carriers/catalog';
import { GROUP_LIST_LIMIT, listDelayGroups, listNoticeHistory } from '@/lib/delays/queries';
import { renderDelayNotice } from '@/lib/delays/notice-email';
import { historyQuerySchema } from '@/lib/delays/schemas';
import { readDelaySettings } from '@/lib/delays/settings';
import { localeNames, localeTags } from '@/lib/i18n/locales';
import { getShopSettings } from '@/lib/settings/shop';
import { toActor } from '@/lib/staff/ctx';
import { requireStaffPage } from '../_components/require-staff-page';
import { Cell, DataTable, Row } from '../_ui/data-table';
import { ScopedIntl } from '../_ui/scoped-intl';
import { GroupActions } from './group-actions';
import { PolicyForm } from './policy-form';
import { can } from '@/lib/core/authorize';
import { dateTimeFormat } from '@/lib/core/formatters';

export async function generateMetadata() {
  const actor = await requireStaffPage();
  const t = await getTranslations({ locale: actor.locale, namespace: 'staffDelays' });
  return { title: t('title') };
}

/** Open delay incidents by group with the notice each customer would get; send, dismiss, policy, history. */
export default async function DelaysPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requireStaffPage();
  const locale = actor.locale;
  const t = await getTranslations({ locale, namespace: 'staffDelays' });
  const db = getDb();
  const ctx = { db, actor: toActor(actor) };
  const raw = await searchParams;
  const query = historyQuerySchema.parse({ after: typeof raw.after === 'string' ? raw.after : undefined });
  const [groups, history, settings, shop] = await Promise.all([listDelayGroups(ctx), listNoticeHistory(ctx, query), readDelaySettings(db), getShopSettings()]);
  const previews = await Promise.all(groups.map((g) => Promise.all(g.samples.map((s) => renderDelayNotice(db, s.incidentId)))));
  const fmt = dateTimeFormat(localeTags[locale], { dateStyle: 'medium', timeStyle: 'short', timeZone: shop.timeZone });
  const carrier = (c: string) => (isCarrier(c) ? carrierName(c) : c === 'none' ? '—' : c); // 'none': not shipped yet (dispatch_late)
  const noticeLabel = (status: string | null) => (status ? t(`statuses.${status}` as 'statuses.sent') : t('noNotice'));

  return (
    <ScopedIntl namespaces={['staffDelays']}>
      <div className="space-y-6">
        <div>
          <h1 className="text-xl font-semibold">{t('title')}</h1>
          <p>{t('intro')}</p>
        </div>

        <section aria-labelledby="groups-title" className="space-y-4">
          <h2 id="groups-title" className="text-lg font-semibold">
            {t('groupsTitle')}
          </h2>
          {groups.length === 0 && <p>{t('empty')}</p>}
          {groups.map((g, gi) => (
            <section key={g.key} aria-labelledby={`group-${gi}`} data-testid="delay-group" data-kind={g.kind} className="space-y-3 rounded-lg border border-[var(--color-line)] bg-white p-4">
              <h3 id={`group-${gi}`} className="font-semibold">
                {t('groupHeading', { kind: t(`kinds.${g.kind}`), carrier: carrier(g.carrier), area: g.area })}
              </h3>
              <p className="text-sm">
                {t('count', { count: g.count })} · {t('awaiting', { count: g.awaiting })} · {t('age', { oldest: g.oldestBusinessDays, median: g.medianBusinessDays })}
              </p>
              <div className="grid gap-4 lg:grid-cols-[minmax(0,1fr)_minmax(0,1fr)]">
                <GroupActions
                  group={{ key: g.key, kind: g.kind, carrier: g.carrier, area: g.area }}
                  incidents={g.incidents.map((i) => ({ id: i.id, orderNumber: i.orderNumber, locale: i.locale, opened: fmt.format(new Date(i.openedAt)), notice: noticeLabel(i.noticeStatus) }))}
                  hidden={Math.max(0, g.count - Math.min(g.count, GROUP_LIST_LIMIT))}
                />
                <div className="space-y-2">
                  <h4 className="font-medium">{t('previewTitle')}</h4>
                  {previews[gi]!.map((p) => (
                    <div key={p.locale} className="space-y-1 rounded border border-[var(--color-line)] p-2">
                      <h5 className="text-sm font-medium">
                        {t('previewLocale', { locale: localeNames[p.locale] })} — <span lang={p.locale}>{p.subject}</span>
                      </h5>
                      <pre lang={p.locale} className="max-h-48 overflow-auto whitespace-pre-wrap bg-[var(--color-canvas)] p-2 text-sm" tabIndex={0}>
                        {p.text}
                      </pre>
                      {/* The email's own HTML, sandboxed as in the Outbox view; loaded only when opened (a page of many groups stays light). */}
                      <details>
                        <summary className="cursor-pointer text-sm">{t('previewFrame', { locale: localeNames[p.locale] })}</summary>
                        <iframe title={t('previewFrame', { locale: localeNames[p.locale] })} sandbox="" loading="lazy" srcDoc={p.html} className="mt-2 h-96 w-full rounded border border-[var(--color-line)] bg-white" />
                      </details>
                    </div>
                  ))}
                </div>
              </div>
            </section>
          ))}
        </section>

        <section aria-labelledby="policy-title" className="space-y-2 rounded-lg border border-[var(--color-line)] bg-white p-4">
          <h2 id="policy-title" className="text-lg font-semibold">
            {t('policyTitle')}
          </h2>
          <p className="text-sm">{t('policyIntro')}</p>
          {can(actor, 'delays.policy') ? (
            <PolicyForm policy={settings.sendPolicy} />
          ) : (
            <>
              <p className="text-sm">{t('policyAdminOnly')}</p>
              <dl className="grid max-w-xl grid-cols-[1fr_auto] gap-1 text-sm">
                {Object.entries(settings.sendPolicy).map(([kind, policy]) => (
                  <div key={kind} className="contents">
                    <dt>{t(`kinds.${kind}` as 'kinds.eta_breached')}</dt>
                    <dd>{t(`policies.${policy}`)}</dd>
                  </div>
                ))}
              </dl>
            </>
          )}
        </section>

        <section aria-labelledby="history-title" className="space-y-2">
          <h2 id="history-title" className="text-lg font-semibold">
            {t('historyTitle')}
          </h2>
          <DataTable caption={t('historyTitle')} columns={[t('created'), t('order'), t('kind'), t('language'), t('status'), t('sent'), t('remedy')]} empty={t('historyEmpty')} testId="notice-history">
            {history.rows.map((r) => (
              <Row key={r.id}>
                <Cell className="whitespace-nowrap">{fmt.format(new Date(r.createdAt))}</Cell>
                <Cell>{r.orderNumber}</Cell>
                <Cell>{t(`kinds.${r.kind}`)}</Cell>
                <Cell>{r.locale}</Cell>
                <Cell>{t(`statuses.${r.status}` as 'statuses.sent')}</Cell>
                <Cell className="whitespace-nowrap">{r.sentAt ? fmt.format(new Date(r.sentAt)) : t('none')}</Cell>
                <Cell>{r.remedyChosen ? `${t(`remedies.${r.remedyChosen}`)} (${fmt.format(new Date(r.remedyChosenAt!))})` : t('none')}</Cell>
              </Row>
            ))}
          </DataTable>
          {history.nextCursor && <Link href={`/staff/delays?after=${encodeURIComponent(history.nextCursor)}`}>{t('nextPage')}</Link>}
        </section>
      </div>
    </ScopedIntl>
  );
}
