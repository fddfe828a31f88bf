import 'server-only';
import { and, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import { createTranslator } from 'use-intl/core';
import type { Db, DbOrTx, Tx } from '@/db';
import { caseMessages, cases, compensations, delayEpisodes, delayIncidents, notices, orderLines, orders, shipmentLines, shipments } from '@/db/schema';
import type { Actor } from '@/lib/core/actor';
import { openCase } from '@/lib/cases/open-case';
import { recordEvent } from '@/lib/core/events';
import { issueCompensation } from '@/lib/compensations/issue-compensation';
import { agentLimit, getCompensationSettings } from '@/lib/compensations/limits';
import { AppError } from '@/lib/errors';
import { toLocale } from '@/lib/core/locales';
import { formatMoney } from '@/lib/core/money';
import { checkLimit, hitLimit, type Limit } from '@/lib/rate-limit/rate-limit';
import { hashRemedyToken } from './remedy-token';
import { remedyChoiceSchema } from './schemas';
import { type Remedy, readDelaySettings } from './settings';
import { remedyLinkExpired } from './state';
import en from '@/messages/en.json' with { type: 'json' };
import { isUniqueViolation } from '@/lib/core/pg-error';

const t = createTranslator({ locale: 'en', messages: en, namespace: 'delayEscalation' });

/** The compensation a notice's remedy created (`compensations.request_key`). */
export const remedyRequestKey = (noticeId: string) => `delay-remedy:${noticeId}`;

/** Generous for a person choosing once, a wall for a script guessing tokens. */
export const REMEDY_CHOICE_LIMIT: Limit = { bucket: 'delay_remedy', max: 10, windowSeconds: 15 * 60 };

const OPEN_CASE = ['open', 'waiting_customer', 'waiting_carrier'] as const;

/**
 * The customer's answer to a delay notice, through the token in its link. In one transaction:
 * the choice on the notice (once), the matching compensation within the shop's budget (above the
 * agent limit it waits for an admin, like any goodwill), a delivery_issue case opened or updated
 * with an internal note saying what was chosen, and the audit rows.
 */
export async function chooseRemedy(ctx: { db: Db; clientKey: string }, raw: { token: string; remedy: Remedy }): Promise<{ caseNumber: number; compensationId: string | null }> {
  const input = remedyChoiceSchema.parse(raw);
  const limit = await checkLimit(ctx.db, REMEDY_CHOICE_LIMIT, ctx.clientKey);
  if (limit.blocked) throw new AppError('rate_limited', 'Too many attempts', { retryAfterSeconds: limit.retryAfterSeconds });
  await hitLimit(ctx.db, REMEDY_CHOICE_LIMIT, ctx.clientKey);

  return ctx.db
    .transaction(async (tx) => {
    const [notice] = await tx.select().from(notices).where(eq(notices.remedyTokenHash, hashRemedyToken(input.token))).for('update').limit(1);
    if (!notice || remedyLinkExpired(notice.createdAt)) throw new AppError('not_found');
    if (notice.remedyChosen) throw new AppError('conflict', 'A remedy was already chosen', { details: { reason: 'already_chosen', remedy: notice.remedyChosen } });
    // Once per parcel per delay episode, whichever link it comes through: the episode is locked so a choice
    // through another notice of the same episode waits here and then sees this one.
    await tx.select({ id: delayEpisodes.id }).from(delayEpisodes).where(eq(delayEpisodes.id, notice.episodeId)).for('update');
    const [earlier] = await tx
      .select({ remedy: notices.remedyChosen })
      .from(notices)
      .where(and(eq(notices.episodeId, notice.episodeId), isNotNull(notices.remedyChosen)))
      .limit(1);
    if (earlier?.remedy) throw new AppError('conflict', 'A remedy was already chosen for this delay', { details: { reason: 'already_chosen', remedy: earlier.remedy } });
    if (!notice.remediesOffered.includes(input.remedy)) throw new AppError('invalid_input', 'This remedy is not offered', { details: { reason: 'not_offered' } });

    const [incident] = await tx.select().from(delayIncidents).where(eq(delayIncidents.id, notice.incidentId)).limit(1);
    const [order] = await tx.select().from(orders).where(eq(orders.id, notice.orderId)).for('update').limit(1);
    if (!incident || !order) throw new AppError('not_found');
    // dispatch_late has no parcel yet.
    const [parcel] = incident.shipmentId
      ? await tx.select({ id: shipments.id, trackingNumber: shipments.trackingNumber, status: shipments.status }).from(shipments).where(eq(shipments.id, incident.shipmentId))
      : [];
    // A parcel that has since arrived needs no remedy: nothing to cancel or replace.
    if (parcel?.status === 'delivered') throw new AppError('invalid_state', 'The parcel was delivered', { details: { reason: 'delivered' } });

    const actor: Actor = { type: 'customer', orderId: order.id };
    const now = new Date();
    await tx.update(notices).set({ remedyChosen: input.remedy, remedyChosenAt: now }).where(eq(notices.id, notice.id));

    const kase = await caseFor(tx, { incident, order, actor, remedy: input.remedy, trackingNumber: parcel?.trackingNumber ?? '' });
    const compensation = await compensate(tx, { remedy: input.remedy, order, caseId: kase.id, noticeId: notice.id, actor });
    // Staff notes are written in English, like the escalation notes (catalog namespace delayEscalation).
    const note = [
      t('remedy.chosen', { remedy: t(`remedy.option.${input.remedy}`), kind: incident.kind, parcel: parcel?.trackingNumber ?? '—' }),
      compensation
        ? t('remedy.compensation', {
            kind: t(`remedy.compensationKind.${compensation.kind}`),
            amount: formatMoney('en', compensation.amount, order.currency),
            status: t(`remedy.status.${compensation.status}`),
          })
        : null,
      input.remedy === 'cancel_refund' ? t('remedy.recall') : null,
    ]
      .filter(Boolean)
      .join(' ');
    await tx.insert(caseMessages).values({ caseId: kase.id, kind: 'internal_note', body: note, createdAt: now });
    await recordEvent(tx, {
      actor,
      type: 'delay.remedy_chosen',
      caseId: kase.id,
      data: { incidentId: incident.id, orderId: order.id, remedy: input.remedy, noticeId: notice.id, compensationId: compensation?.id ?? null },
    });
    return { caseNumber: kase.number, compensationId: compensation?.id ?? null };
    })
    .catch((error: unknown) => {
      // The database's own guard (notices_one_remedy_per_episode_key), should anything get past the lock.
      if (isUniqueViolation(error, 'notices_one_remedy_per_episode_key')) throw new AppError('conflict', 'A remedy was already chosen for this delay', { details: { reason: 'already_chosen' } });
      throw error;
    });
}

type OrderRow = typeof orders.$inferSelect;

/** The incident's open delivery_issue case (or the order's), else a new one with SLA. */
async function caseFor(tx: Tx, input: { incident: typeof delayIncidents.$inferSelect; order: OrderRow; actor: Actor; remedy: Remedy; trackingNumber: string }) {
  const [existing] = await tx
    .select({ id: cases.id, number: cases.number })
    .from(cases)
    .where(
      and(
        inArray(cases.status, [...OPEN_CASE]),
        input.incident.caseId ? eq(cases.id, input.incident.caseId) : and(eq(cases.orderId, input.order.id), eq(cases.type, 'delivery_issue')),
      ),
    )
    .orderBy(cases.createdAt)
    .for('update')
    .limit(1);
  if (existing) {
    await tx
      .update(cases)
      .set({ tags: sql`array(select distinct unnest(${cases.tags} || array['delay_remedy']::text[]))`, version: sql`${cases.version} + 1`, updatedAt: new Date() })
      .where(eq(cases.id, existing.id));
    await recordEvent(tx, { actor: input.actor, type: 'case.updated', caseId: existing.id, orderId: input.order.id, data: { caseId: existing.id, source: 'customer', reason: 'delay_remedy', remedy: input.remedy } });
  }
  const kase =
    existing ??
    (await openCase(tx, {
      actor: input.actor,
      type: 'delivery_issue',
      subject: t('remedy.caseSubject', { kind: input.incident.kind, remedy: input.remedy, orderNumber: input.order.orderNumber }),
      customerEmail: input.order.email,
      customerName: input.order.customerName,
      locale: toLocale(input.order.locale),
      priority: input.remedy === 'cancel_refund' || input.remedy === 'replacement' ? 'high' : 'normal',
      orderId: input.order.id,
      shipmentId: input.incident.shipmentId,
      tags: ['delay_remedy', `delay:${input.incident.kind}`],
    }));
  if (input.incident.caseId !== kase.id) await tx.update(delayIncidents).set({ caseId: kase.id }).where(eq(delayIncidents.id, input.incident.id));
  return kase;
}

/** The value of what has not reached the customer: every unit not in a delivered outbound parcel. */
export async function undeliveredValue(tx: DbOrTx, orderId: string): Promise<number> {
  const rows = await tx.execute<{ value: number }>(sql`
    select coalesce(sum(l.unit_price * greatest(0, l.quantity - coalesce(d.qty, 0))), 0)::int as value
    from ${orderLines} l
    left join (
      select sl.order_line_id, sum(sl.quantity) as qty
      from ${shipmentLines} sl join ${shipments} s on s.id = sl.shipment_id
      where s.order_id = ${orderId} and s.direction = 'outbound' and s.status = 'delivered'
      group by sl.order_line_id
    ) d on d.order_line_id = l.id
    where l.order_id = ${orderId}`);
  return rows[0]?.value ?? 0;
}

async function compensate(tx: Tx, input: { remedy: Remedy; order: OrderRow; caseId: string; noticeId: string; actor: Actor }) {
  const { order } = input;
  let kind: 'discount_code' | 'partial_refund' | 'reship';
  let amount: number;
  if (input.remedy === 'keep_waiting') return null;
  if (input.remedy === 'keep_waiting_with_discount') {
    const settings = await readDelaySettings(tx);
    kind = 'discount_code';
    amount = Math.floor((order.capturedAmount * settings.discountPercent) / 100);
  } else {
    kind = input.remedy === 'cancel_refund' ? 'partial_refund' : 'reship';
    amount = await undeliveredValue(tx, order.id);
    // Never more than is left to refund; the refunds trigger enforces the same in the database.
    if (kind === 'partial_refund') amount = Math.min(amount, order.capturedAmount - order.refundedAmount);
  }
  if (amount <= 0) return null;
  // The customer acts here, not an agent: the shop's agent limit is the budget for what goes out unattended.
  const limit = agentLimit({ settings: await getCompensationSettings(tx), override: null, orderCaptured: order.capturedAmount });
  // A refund for a cancelled delivery always waits for staff: the parcel must be stopped first.
  const pending = amount > limit;
  const waitForStaff = kind === 'partial_refund' || pending;
  const [comp] = await tx
    .insert(compensations)
    .values({
      caseId: input.caseId,
      orderId: order.id,
      kind,
      status: pending ? 'pending_approval' : 'approved',
      amount,
      currency: order.currency,
      reason: t('remedy.reason', { remedy: input.remedy }),
      // One compensation per notice, also for the database; the remedy page finds it by this key.
      requestKey: remedyRequestKey(input.noticeId),
    })
    .returning({ id: compensations.id, kind: compensations.kind, status: compensations.status, amount: compensations.amount });
  await recordEvent(tx, {
    actor: input.actor,
    type: pending ? 'compensation.requested' : 'compensation.granted',
    caseId: input.caseId,
    orderId: order.id,
    data: { compensationId: comp!.id, kind, amount, currency: order.currency, source: 'delay_remedy' },
  });
  if (!waitForStaff) {
    await issueCompensation(tx, { compensationId: comp!.id, actor: input.actor, staffId: null });
    return { ...comp!, kind, status: 'issued' as const };
  }
  return { ...comp!, kind };
}
