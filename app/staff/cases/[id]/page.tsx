import { notFound } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { getDb } from '@/db';
import { getCasePage } from '@/lib/cases/case-detail';
import { isAppError } from '@/lib/errors';
import { isLocale, localeNames, localeTags } from '@/lib/i18n/locales';
import { regionalFormat } from '@/lib/i18n/format';
import { getShopSettings } from '@/lib/settings/shop';
import { carrierName } from '@/lib/carriers/catalog';
import { reasonLabel, reasonLeaves } from '@/lib/returns/policy';
import { toActor } from '@/lib/staff/ctx';
import { requireStaffPage } from '../../_components/require-staff-page';
import { SlaBadge } from '../../_components/sla-badge';
import { AssignPanel } from './_components/assign-panel';
import { TeamPicker } from './_components/team-picker';
import { CaseActionsSlot } from './_components/case-actions-slot';
import { ClaimDecision } from './_components/claim-decision';
import { StaffFormsIntl } from '../../_components/scoped-intl';
import { ScopedIntl } from '../../_ui/scoped-intl';
import { Card } from '../../_ui/card';
import { CaseFieldsForm } from './_components/case-fields-form';
import { Composer } from './_components/composer';
import { AttachmentPreview } from './_components/attachment-preview';
import { fileSizeLabel } from '@/lib/cases/attachment-rules';
import { LiveCase } from './_components/live-case';
import { RevokeLinksPanel } from './_components/revoke-links-panel';
import { RefundsPanel } from './_components/refunds-panel';
import { can } from '@/lib/core/authorize';
import { isEventType } from '@/lib/core/events';

/** What the case's own client components read (header fields, SLA badge, assignment, composer, live updates). */
const CASE_MESSAGES = ['staff.case', 'staff.desk.case', 'staff.desk.labels', 'staff.live', 'staff.macroParcel', 'staff.queue', 'staff.caseConflict', 'staff.sla'];

export default async function CasePage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await requireStaffPage();
  // The case, its lists, the teams and the return reasons' labels in one statement (lib/cases/case-detail.ts).
  const { detail, teams, reasonTree } = await getCasePage({ db: getDb(), actor: toActor(actor) }, (await params).id).catch((error) => {
    if (isAppError(error) && error.code === 'not_found') notFound();
    throw error;
  });
  const reasonLabels = new Map(reasonLeaves(reasonTree).map((l) => [l.code, l.labels as Record<string, string>]));
  const t = await getTranslations({ locale: actor.locale, namespace: 'staff.case' });
  const tq = await getTranslations({ locale: actor.locale, namespace: 'staff.queue' });
  const ta = await getTranslations({ locale: actor.locale, namespace: 'inboundEmail.attachments' });
  const shop = await getShopSettings();
  const format = regionalFormat(actor.locale);
  const when = (iso: string | null) => (iso ? format.moment(iso, shop.timeZone) : '—');
  const c = detail.case;
  const tl = await getTranslations({ locale: actor.locale, namespace: 'staff.desk.labels' });
  const tr = await getTranslations({ locale: actor.locale, namespace: 'staffReturns' });
  const tp = await getTranslations({ locale: actor.locale, namespace: 'staff.macroParcel.status' });
  // Codes never reach the screen: each goes through a catalog, and an unknown one reads "Other".
  const label = (catalog: { has: (key: never) => boolean; (key: never): string }, key: string) => (catalog.has(key as never) ? catalog(key as never) : tl('unknown'));
  const tau = await getTranslations({ locale: actor.locale, namespace: 'automation.timeline' });
  /** An automation rule's step in words: "Rule 'Swedish to Swedish speakers' assigned to Anna" (lib/automation). */
  const automationLine = (type: string, data: Record<string, unknown>): string | null => {
    const s = (key: string) => (typeof data[key] === 'string' ? (data[key] as string) : '');
    const language = isLocale(data.locale) ? localeNames[data.locale] : '';
    if (type === 'automation.auto_closed') return tau('autoClosed', { days: Number(data.days ?? 0) });
    if (type !== 'automation.applied') return null;
    const rule = s('ruleName');
    switch (data.action) {
      case 'assign':
        if (data.outcome === 'no_team') return tau('noTeam', { rule });
        if (data.teamId) return data.outcome === 'no_agent' ? tau('noTeamAgent', { rule, team: s('teamName'), language }) : tau('assignTeam', { rule, team: s('teamName'), agent: s('agentName') });
        return data.outcome === 'no_agent' ? tau('noAgent', { rule, language }) : tau('assign', { rule, agent: s('agentName') });
      case 'priority':
        return tau('priority', { rule, priority: tq.has(`priority.${s('to')}` as 'priority.normal') ? tq(`priority.${s('to')}` as 'priority.normal') : tl('unknown') });
      case 'tag':
        return tau('tag', { rule, tags: Array.isArray(data.tags) ? data.tags.join(', ') : '' });
      case 'macro':
        if (data.outcome === 'no_macro') return tau('noMacro', { rule, title: s('title'), language });
        if (data.outcome === 'needs_agent') return tau('needsAgent', { rule, title: s('title') });
        return tau('macro', { rule, title: s('title') });
      case 'close_after':
        return tau('closeAfter', { rule, days: Number(data.days ?? 0) });
      default:
        return null;
    }
  };
  const tae = await getTranslations({ locale: actor.locale, namespace: 'auditEvents' });
  // Every catalog type has its label in `auditEvents` (lib/core/events/catalog.ts; catalog.test.ts checks each language);
  // a row of a type no longer in the catalog reads "Other activity".
  const eventLabel = (type: string) => (isEventType(type) ? tae(type) : tl('events.other'));
  const reason = (code: string) => {
    const labels = reasonLabels.get(code);
    return labels ? reasonLabel({ code, labels }, actor.locale) : tl('unknown');
  };

  return (
    <ScopedIntl namespaces={CASE_MESSAGES}>
      <div className="space-y-4">
        <header className="space-y-2 rounded-lg border border-[var(--color-line)] bg-white p-3">
          <div className="flex flex-wrap items-center gap-3">
            <h1 className="text-xl font-semibold">
              {t('heading', { number: c.number })} · {c.subject}
            </h1>
            <SlaBadge sla={c.sla} />
            <span className="text-sm text-[var(--color-muted)]">
              {tq(`type.${c.type}` as 'type.return')} · <span data-testid="case-status">{tq(`status.${c.status}` as 'status.open')}</span> · {tq(`priority.${c.priority}` as 'priority.normal')}
            </span>
          </div>
          <div className="flex flex-wrap items-end justify-between gap-4">
            <CaseFieldsForm caseId={c.id} version={c.version} initial={{ status: c.status, priority: c.priority, tags: c.tags, assigneeId: c.assigneeId }} />
            <AssignPanel part="header" assigneeName={c.assigneeName} caseId={c.id} version={c.version} assigneeId={c.assigneeId} me={actor.staffId} staff={detail.staff} />
            <TeamPicker caseId={c.id} version={c.version} teamId={c.teamId} teams={teams} />
          </div>
          <LiveCase caseId={c.id} me={actor.staffId} />
        </header>
        <div className="grid gap-4 xl:grid-cols-[1fr_26rem_22rem]">
          <section aria-labelledby="conversation" className="min-w-0 space-y-3">
            <h2 id="conversation" className="font-semibold">
              {t('conversation')}
            </h2>
            <ol className="space-y-2">
              {detail.messages.map((m) => (
                <li
                  key={m.id}
                  id={`message-${m.id}`}
                  tabIndex={-1}
                  data-kind={m.kind}
                  className={`rounded-lg border p-3 ${m.kind === 'internal_note' ? 'border-[#e3d27a] bg-[#fffbe6]' : m.kind === 'customer_message' ? 'border-[var(--color-line)] bg-white' : 'border-[var(--color-line)] bg-[#eef5f2]'}`}
                >
                  <div className="text-sm text-[var(--color-muted)]">
                    {t(`kind.${m.kind}`)} · {m.author ?? c.customerName ?? c.customerEmail} · {when(m.createdAt)}
                  </div>
                  <p className="whitespace-pre-wrap">{m.body}</p>
                  {m.attachments.length > 0 && (
                    <ul aria-label={ta('title')} className="mt-2 space-y-1 text-sm" data-testid="message-attachments">
                      {m.attachments.map((a) => {
                        const size = fileSizeLabel(localeTags[actor.locale], a.sizeBytes);
                        return a.rejected ? (
                          <li key={a.id} className="text-[var(--color-muted)]" data-rejected={a.rejected}>
                            {ta('dropped', { filename: a.filename, size, reason: ta(`reasons.${a.rejected}` as 'reasons.too_large') })}
                          </li>
                        ) : (
                          <li key={a.id}>
                            <AttachmentPreview href={`/staff/attachments/${a.id}`} filename={a.filename} contentType={a.contentType} label={ta('kept', { filename: a.filename, size })} />
                          </li>
                        );
                      })}
                    </ul>
                  )}
                </li>
              ))}
              {detail.messages.length === 0 && <li className="text-[var(--color-muted)]">{t('noMessages')}</li>}
            </ol>
            <section aria-labelledby="timeline">
              <h2 id="timeline" className="font-semibold">
                {t('timeline')}
              </h2>
              <ol className="mt-2 space-y-1 text-sm">
                {detail.events.map((e) => (
                  <li key={e.id}>
                    <time dateTime={e.createdAt}>{when(e.createdAt)}</time> · {automationLine(e.type, e.data) ?? eventLabel(e.type)} · {e.actorName ?? t(`actor.${e.actorType}`)}
                    {typeof e.data.reason === 'string' && ` — ${e.data.reason}`}
                  </li>
                ))}
              </ol>
            </section>
          </section>

          <div className="space-y-4">
            <Composer key={c.id} caseId={c.id} latestMessageId={detail.messages.at(-1)?.id ?? null} customerLanguage={localeNames[c.locale]} macros={detail.macros} variables={detail.macroVariables} parcel={detail.macroParcel} />
            <CaseActionsSlot detail={detail} actor={actor} />
            <AssignPanel caseId={c.id} version={c.version} assigneeId={c.assigneeId} me={actor.staffId} staff={detail.staff} />
            <RefundsPanel refunds={detail.refunds} locale={actor.locale} canRetry={can(actor, 'refunds.retry')} when={when} />
            {detail.order && <RevokeLinksPanel caseId={c.id} orderNumber={detail.order.orderNumber} />}
          </div>

          <aside aria-label={t('context')} className="space-y-4">
            <Card compact title={t('customer')}>
              <p>{c.customerName ?? '—'}</p>
              <p>{c.customerEmail}</p>
              <p>{t('language', { language: localeNames[c.locale] })}</p>
              {detail.order && (
                <>
                  <p>{detail.order.phone}</p>
                  <p>{detail.order.address}</p>
                </>
              )}
            </Card>
            <Card compact title={t('sla')}>
              <dl className="grid grid-cols-2 gap-1 text-sm">
                <dt>{t('firstResponseDue')}</dt>
                <dd>{c.firstRespondedAt ? t('answered', { at: when(c.firstRespondedAt) }) : when(c.firstResponseDueAt)}</dd>
                <dt>{t('resolutionDue')}</dt>
                <dd>{when(c.resolutionDueAt)}</dd>
              </dl>
            </Card>
            {detail.order && (
              <Card compact title={t('order', { number: detail.order.orderNumber })}>
                <p className="text-sm">{when(detail.order.placedAt)}</p>
                <ul className="text-sm">
                  {detail.order.lines.map((l) => (
                    <li key={l.id}>
                      {l.quantity} × {l.title} ({l.sku}) {format.money(l.unitPrice, detail.order!.currency)}
                    </li>
                  ))}
                </ul>
                <p className="text-sm">{t('captured', { captured: format.money(detail.order.capturedAmount, detail.order.currency), refunded: format.money(detail.order.refundedAmount, detail.order.currency) })}</p>
              </Card>
            )}
            {detail.parcels.map((p) => (
              <Card compact key={p.id} title={p.trackingNumber === null ? t('parcelAwaitingShop') : t('parcel', { carrier: carrierName(p.carrier), tracking: p.trackingNumber })}>
                <p className="text-sm">{label(tp, p.status)}</p>
                <ol className="space-y-1 text-sm">
                  {p.events.map((e) => (
                    <li key={e.id}>
                      {when(e.occurredAt)} · {e.description ?? label(tp, e.status)}
                      {e.location && ` · ${e.location}`}
                    </li>
                  ))}
                </ol>
              </Card>
            ))}
            {detail.returns.map((r) => (
              <Card compact key={r.id} title={t('return', { rma: r.rmaNumber, status: label(tr, `statuses.${r.status}`) })}>
                <ul className="space-y-2 text-sm">
                  {r.items.map((i) => (
                    <li key={i.id}>
                      {i.quantity} × {i.title} — {reason(i.reasonCode)} → {label(tr, `resolutions.${i.resolution}`)}
                      {i.comment && <p className="italic">“{i.comment}”</p>}
                      <div className="flex flex-wrap gap-2">
                        {i.photoIds.map((pid) => (
                          // eslint-disable-next-line @next/next/no-img-element -- staff-only route, not optimizable
                          <img key={pid} src={`/staff/photos/${pid}`} alt={t('photoOf', { item: i.title })} width={96} height={96} className="h-24 w-24 rounded object-cover" />
                        ))}
                      </div>
                    </li>
                  ))}
                </ul>
              </Card>
            ))}
            {detail.claims.map((cl) => (
              <Card compact key={cl.id} title={t('claim', { type: label(tl, `claimType.${cl.type}`), status: label(tl, `claimStatus.${cl.status}`) })}>
                {cl.description && <p className="text-sm">{cl.description}</p>}
                <div className="flex flex-wrap gap-2">
                  {cl.photoIds.map((pid) => (
                    // eslint-disable-next-line @next/next/no-img-element -- staff-only route
                    <img key={pid} src={`/staff/photos/${pid}`} alt={t('claimPhoto')} width={96} height={96} className="h-24 w-24 rounded object-cover" />
                  ))}
                </div>
                {cl.status === 'open' && (
                  <StaffFormsIntl form="claim">
                    <ClaimDecision claimId={cl.id} requested={cl.requestedRemedy} />
                  </StaffFormsIntl>
                )}
              </Card>
            ))}
            {detail.withdrawals.map((w) => (
              <Card compact key={w.id} title={t('withdrawal', { receipt: w.receiptNumber, status: label(tl, `withdrawalStatus.${w.status}`) })}>
                <p className="text-sm">{when(w.submittedAt)}</p>
              </Card>
            ))}
            <Card compact title={t('earlierCases')}>
              {detail.earlierCases.length === 0 ? (
                <p className="text-sm text-[var(--color-muted)]">{t('none')}</p>
              ) : (
                <ul className="text-sm">
                  {detail.earlierCases.map((e) => (
                    <li key={e.id}>
                      <a href={`/staff/cases/${e.id}`}>
                        #{e.number} {e.subject}
                      </a>{' '}
                      · {tq(`status.${e.status}` as 'status.open')}
                    </li>
                  ))}
                </ul>
              )}
            </Card>
          </aside>
        </div>
      </div>
    </ScopedIntl>
  );
}
