/**
 * Escalation (worker): an incident still open after escalateAfterBusinessDays — or at once when the carrier says
 * the parcel is lost — opens a delivery_issue case for its order (or joins the order's open one) with SLA, and the
 * case's first internal note carries the parcel's tracking history and what the customer was told. Lost parcels and
 * "marked delivered but not received" claims open a carrier-investigation task on the case (tag
 * `carrier_investigation`, status waiting_carrier, event `case.carrier_investigation_opened`).
 * One transaction per order: a crash leaves every order either escalated or not, never half.
 * No `server-only`: the worker calls it.
 */
import { and, asc, eq, inArray, isNull, ne, or, sql } from 'drizzle-orm';
import { createTranslator } from 'use-intl/core';
import type { Db, Tx } from '@/db';
import { type Case, caseMessages, cases, claims, delayIncidents, notices, orders, outbox, shipments, trackingEvents } from '@/db/schema';
import type { Actor } from '@/lib/core/actor';
import { carrierName } from '@/lib/carriers/catalog';
import { slaPatch } from '@/lib/cases/case-sla';
import { openCase } from '@/lib/cases/open-case';
import { recordEvent } from '@/lib/core/events';
import { isLocale } from '@/lib/core/locales';
import { getSlaConfig } from '@/lib/sla/config';
import { localDate, zonedTime } from '@/lib/sla/calendar';
import { addCalendarDays } from '@/lib/time/holidays';
import en from '@/messages/en.json' with { type: 'json' };
import { readDelaySettings } from './settings';
import { businessDayCutoff } from './state';
import { sweepClock } from './sweep-delays';

const SYSTEM: Actor = { type: 'system' };
const OPEN_STATUSES = ['open', 'waiting_customer', 'waiting_carrier'] as const;
export const CARRIER_INVESTIGATION_TAG = 'carrier_investigation';
/** Orders per run: escalations are rare; a backlog drains over a few runs. */
const BATCH = 200;

// Staff read these notes in the desk; the desk's language for system notes is English (the en catalog).
const t = createTranslator({ locale: 'en', messages: en, namespace: 'delayEscalation' });

export type EscalationResult = { escalated: number; casesOpened: number; investigations: number };

export async function escalateIncidents(db: Db, now: Date = new Date(), options: { orderIds?: string[] } = {}): Promise<EscalationResult> {
  const [settings, clock] = await Promise.all([readDelaySettings(db), sweepClock(db, now)]);
  const cutoffDay = businessDayCutoff(localDate(now, clock.calendar.timeZone), settings.escalateAfterBusinessDays, clock.calendar.country);
  const openedBefore = zonedTime(addCalendarDays(cutoffDay, 1), '00:00', clock.calendar.timeZone);
  const scope = options.orderIds ? inArray(delayIncidents.orderId, options.orderIds) : undefined;
  const due = await db
    .selectDistinct({ orderId: delayIncidents.orderId })
    .from(delayIncidents)
    .leftJoin(shipments, eq(shipments.id, delayIncidents.shipmentId))
    .where(
      and(
        isNull(delayIncidents.resolvedAt),
        isNull(delayIncidents.dismissedAt),
        isNull(delayIncidents.caseId),
        sql`(${delayIncidents.openedAt} < ${openedBefore.toISOString()}::timestamptz or (${delayIncidents.kind} = 'carrier_exception' and ${shipments.subStatus} = 'lost'))`,
        scope,
      ),
    )
    .limit(BATCH);

  const result: EscalationResult = { escalated: 0, casesOpened: 0, investigations: 0 };
  for (const { orderId } of due) {
    const r = await db.transaction((tx) => escalateOrder(tx, orderId, openedBefore));
    result.escalated += r.escalated;
    result.casesOpened += r.opened ? 1 : 0;
    result.investigations += r.investigation ? 1 : 0;
  }
  result.investigations += await investigateNotReceivedClaims(db, options);
  return result;
}

async function escalateOrder(tx: Tx, orderId: string, openedBefore: Date): Promise<{ escalated: number; opened: boolean; investigation: boolean }> {
  // Lock the order's due incidents; another worker that got here first has set case_id already.
  const incidents = await tx
    .select({ incident: delayIncidents, shipment: shipments })
    .from(delayIncidents)
    .leftJoin(shipments, eq(shipments.id, delayIncidents.shipmentId))
    .where(and(eq(delayIncidents.orderId, orderId), isNull(delayIncidents.resolvedAt), isNull(delayIncidents.dismissedAt), isNull(delayIncidents.caseId)))
    .orderBy(asc(delayIncidents.openedAt))
    .for('update', { of: delayIncidents, skipLocked: true });
  const lostOf = (row: (typeof incidents)[number]) => row.incident.kind === 'carrier_exception' && row.shipment?.subStatus === 'lost';
  const escalating = incidents.filter((row) => row.incident.openedAt < openedBefore || lostOf(row));
  if (escalating.length === 0) return { escalated: 0, opened: false, investigation: false };
  const [order] = await tx.select().from(orders).where(eq(orders.id, orderId));
  if (!order) return { escalated: 0, opened: false, investigation: false };
  const lost = escalating.some(lostOf);
  const first = escalating[0]!;

  let [caseRow] = await tx
    .select()
    .from(cases)
    .where(and(eq(cases.orderId, orderId), eq(cases.type, 'delivery_issue'), inArray(cases.status, [...OPEN_STATUSES])))
    .orderBy(asc(cases.createdAt))
    .limit(1)
    .for('update');
  let opened = false;
  if (!caseRow) {
    const created = await openCase(tx, {
      actor: SYSTEM,
      type: 'delivery_issue',
      subject: t('subject', { orderNumber: order.orderNumber, kind: t(`kind.${first.incident.kind}`) }),
      customerEmail: order.email,
      customerName: order.customerName,
      locale: isLocale(order.locale) ? order.locale : 'fi',
      priority: lost ? 'high' : 'normal',
      orderId,
      shipmentId: first.shipment?.id ?? null,
      tags: ['delay', ...new Set(escalating.map((row) => `delay:${row.incident.kind}`))],
    });
    [caseRow] = await tx.select().from(cases).where(eq(cases.id, created.id));
    opened = true;
  }
  const theCase = caseRow!;

  await tx.insert(caseMessages).values({ caseId: theCase.id, kind: 'internal_note', body: await escalationNote(tx, escalating) });
  const ids = escalating.map((row) => row.incident.id);
  await tx.update(delayIncidents).set({ caseId: theCase.id, escalatedAt: new Date(), updatedAt: new Date() }).where(inArray(delayIncidents.id, ids));
  await recordEvent(tx, {
    actor: SYSTEM,
    type: 'case.delay_escalated',
    caseId: theCase.id,
    orderId,
    data: { incidentIds: ids, kinds: escalating.map((row) => row.incident.kind), caseOpened: opened },
  });
  const investigation = lost ? await openCarrierInvestigation(tx, theCase, { reason: 'lost', shipmentId: escalating.find(lostOf)?.shipment?.id ?? null }) : false;
  return { escalated: ids.length, opened, investigation };
}

/** The first note: per incident the parcel's tracking history and what the customer was told, and when. */
async function escalationNote(tx: Tx, rows: Array<{ incident: typeof delayIncidents.$inferSelect; shipment: typeof shipments.$inferSelect | null }>): Promise<string> {
  const parts: string[] = [];
  for (const { incident, shipment } of rows) {
    parts.push(
      t('heading', {
        kind: t(`kind.${incident.kind}`),
        parcel: shipment ? `${carrierName(shipment.carrier)} ${shipment.trackingNumber}` : t('noParcel'),
        openedAt: incident.openedAt.toISOString().slice(0, 16).replace('T', ' '),
      }),
    );
    if (shipment) {
      const events = await tx
        .select({ occurredAt: trackingEvents.occurredAt, status: trackingEvents.status, location: trackingEvents.location, description: trackingEvents.description })
        .from(trackingEvents)
        .where(eq(trackingEvents.shipmentId, shipment.id))
        .orderBy(asc(trackingEvents.occurredAt))
        .limit(50);
      parts.push(t('history'));
      if (events.length === 0) parts.push(`  ${t('noEvents')}`);
      for (const e of events) {
        parts.push(`  ${e.occurredAt.toISOString().slice(0, 16).replace('T', ' ')} UTC · ${e.status}${e.location ? ` · ${e.location}` : ''}${e.description ? ` · ${e.description}` : ''}`);
      }
    }
    const [notice] = await tx
      .select({ status: notices.status, createdAt: notices.createdAt, remedies: notices.remediesOffered, subject: outbox.subject, sentAt: outbox.sentAt, payload: outbox.payload })
      .from(notices)
      .leftJoin(outbox, eq(outbox.id, notices.outboxId))
      // Its own notice (or dismissal), else the one notice of its delay episode (another kind of the same parcel).
      .where(or(eq(notices.incidentId, incident.id), and(eq(notices.episodeId, incident.episodeId), ne(notices.status, 'dismissed'))))
      .orderBy(sql`${notices.incidentId} = ${incident.id} desc`, asc(notices.createdAt))
      .limit(1);
    if (!notice || notice.status === 'dismissed') parts.push(t(notice ? 'toldDismissed' : 'toldNothing'));
    else {
      parts.push(
        t('told', {
          when: (notice.sentAt ?? notice.createdAt).toISOString().slice(0, 16).replace('T', ' '),
          subject: notice.subject ?? '',
          remedies: notice.remedies.length > 0 ? notice.remedies.join(', ') : '—',
        }),
      );
      if (notice.payload?.text) parts.push(notice.payload.text.split('\n').map((line) => `  > ${line}`).join('\n'));
    }
    parts.push('');
  }
  return parts.join('\n').trim();
}

/**
 * The carrier-investigation task on a case: tag, status waiting_carrier (SLA follows the status), an audit event
 * and a note. Idempotent: a case that already has the tag is left alone.
 */
export async function openCarrierInvestigation(tx: Tx, row: Case, input: { reason: 'lost' | 'not_received'; shipmentId?: string | null }): Promise<boolean> {
  if (row.tags.includes(CARRIER_INVESTIGATION_TAG)) return false;
  const now = new Date();
  const config = await getSlaConfig(tx);
  const status = row.status === 'resolved' || row.status === 'closed' ? row.status : 'waiting_carrier';
  await tx
    .update(cases)
    .set({
      ...slaPatch(row, { status }, config, now),
      tags: [...row.tags, CARRIER_INVESTIGATION_TAG],
      version: sql`${cases.version} + 1`,
      updatedAt: now,
    })
    .where(eq(cases.id, row.id));
  await tx.insert(caseMessages).values({ caseId: row.id, kind: 'internal_note', body: t(`investigation.${input.reason}`) });
  await recordEvent(tx, {
    actor: SYSTEM,
    type: 'case.carrier_investigation_opened',
    caseId: row.id,
    orderId: row.orderId,
    data: { reason: input.reason, shipmentId: input.shipmentId ?? row.shipmentId ?? null, statusFrom: row.status, statusTo: status },
  });
  return true;
}

/** "Marked delivered but not received" claims: their open case gets the carrier-investigation task. */
async function investigateNotReceivedClaims(db: Db, options: { orderIds?: string[] }): Promise<number> {
  const candidates = await db
    .select({ id: cases.id })
    .from(cases)
    .innerJoin(claims, eq(claims.id, cases.claimId))
    .where(
      and(
        eq(claims.type, 'not_received'),
        inArray(cases.status, [...OPEN_STATUSES]),
        sql`not (${CARRIER_INVESTIGATION_TAG} = any(${cases.tags}))`,
        options.orderIds ? inArray(cases.orderId, options.orderIds) : undefined,
      ),
    )
    .limit(BATCH);
  let opened = 0;
  for (const { id } of candidates) {
    const done = await db.transaction(async (tx) => {
      const [row] = await tx.select().from(cases).where(eq(cases.id, id)).for('update');
      return row ? openCarrierInvestigation(tx, row, { reason: 'not_received' }) : false;
    });
    if (done) opened++;
  }
  return opened;
}
