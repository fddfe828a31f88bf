import 'server-only';
import { and, asc, desc, eq, inArray, ne, sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db';
import { caseAttachments, caseMessages, domainEvents, cases, claims, macros, orderLines, orders, photos, returnItems, returns, shipments, staffUsers, trackingEvents, withdrawals } from '@/db/schema';
import type { Actor } from '@/lib/core/actor';
import { carrierName, trackingUrl } from '@/lib/carriers/catalog';
import { AppError } from '@/lib/errors';
import { getSlaConfigAndShop } from '@/lib/sla/config';
import { slaClock } from '@/lib/sla/sla';
import { assignableStaff } from './assignable-staff';
import { type Locale, localeTags } from '@/lib/i18n/locales';
import { dateTimeFormat, numberFormat } from '@/lib/core/formatters';
import { appUrl } from '@/lib/core/url';
import { macroParcel } from './macro-parcel';
import { caseIdSchema } from './schemas';
import { isTrailRow } from '@/lib/core/events';
import { oneLinePerChange } from './timeline-lines';
import { authorize } from '@/lib/core/authorize';
import { refundsOfOrder } from '@/lib/refunds/queries';
import { isAwaitingShop } from '@/lib/core/pending-parcel';

const iso = (d: Date | null | undefined) => d?.toISOString() ?? null;

/** The parcel's newest delivery date (the carrier's ETA, else the promised date), written out in the customer's language. */
function deliveryEstimate(parcel: { carrierEta: string | null; promisedDate: string | null } | undefined, locale: Locale): string {
  const day = parcel?.carrierEta ?? parcel?.promisedDate;
  if (!day) return '';
  return dateTimeFormat(localeTags[locale], { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(`${day}T12:00:00Z`));
}

/** Everything the case page shows, as plain JSON (staff see full customer details). */
export async function getCaseDetail(ctx: { db: DbOrTx; actor: Actor }, caseId: string) {
  authorize(ctx.actor, 'cases.work');
  const id = caseIdSchema.safeParse(caseId);
  if (!id.success) throw new AppError('not_found');
  const db = ctx.db;
  // The case and its order in one statement: every later read of this page waits on one of them.
  const [found] = await db.select({ row: cases, order: orders }).from(cases).leftJoin(orders, eq(orders.id, cases.orderId)).where(eq(cases.id, id.data));
  if (!found) throw new AppError('not_found');
  const { row } = found;
  const order = found.order ?? undefined;

  const [lines, parcels, returnRows, claimRows, withdrawalRows, earlier, messages, events, macroRows, staff, { config, shop }, attachments, refundRows] = await Promise.all([
    order ? db.select({ id: orderLines.id, title: orderLines.title, sku: orderLines.sku, quantity: orderLines.quantity, unitPrice: orderLines.unitPrice }).from(orderLines).where(eq(orderLines.orderId, order.id)).orderBy(asc(orderLines.position)) : [],
    order ? db.select().from(shipments).where(eq(shipments.orderId, order.id)).orderBy(asc(shipments.createdAt)) : [],
    order ? db.select().from(returns).where(eq(returns.orderId, order.id)).orderBy(asc(returns.createdAt)) : [],
    order ? db.select().from(claims).where(eq(claims.orderId, order.id)).orderBy(asc(claims.createdAt)) : [],
    order ? db.select({ id: withdrawals.id, receiptNumber: withdrawals.receiptNumber, status: withdrawals.status, submittedAt: withdrawals.submittedAt }).from(withdrawals).where(eq(withdrawals.orderId, order.id)) : [],
    db
      .select({ id: cases.id, number: cases.number, subject: cases.subject, status: cases.status, createdAt: cases.createdAt })
      .from(cases)
      .where(and(sql`lower(${cases.customerEmail}) = ${row.customerEmail.toLowerCase()}`, ne(cases.id, row.id)))
      .orderBy(desc(cases.createdAt))
      .limit(20),
    db
      .select({ id: caseMessages.id, kind: caseMessages.kind, body: caseMessages.body, createdAt: caseMessages.createdAt, author: staffUsers.name })
      .from(caseMessages)
      .leftJoin(staffUsers, eq(staffUsers.id, caseMessages.authorStaffId))
      .where(eq(caseMessages.caseId, row.id))
      .orderBy(asc(caseMessages.createdAt), asc(caseMessages.id)),
    db
      // The timeline: the case's rows of the one log, of every audience, each change once (isTrailRow), newest 200 by
      // domain_events_case_idx.
      .select({ id: domainEvents.id, type: domainEvents.type, actorType: domainEvents.actorType, actorId: domainEvents.actorId, data: domainEvents.data, createdAt: domainEvents.occurredAt })
      .from(domainEvents)
      .where(and(eq(domainEvents.caseId, row.id), isTrailRow()))
      .orderBy(desc(domainEvents.id))
      .limit(200),
    db.select({ id: macros.id, title: macros.title, body: macros.body }).from(macros).where(eq(macros.locale, row.locale)).orderBy(asc(macros.title)),
    db.select({ id: staffUsers.id, name: staffUsers.name, role: staffUsers.role }).from(staffUsers).where(assignableStaff()).orderBy(asc(staffUsers.name)),
    getSlaConfigAndShop(db),
    // Files customers sent by email (lib/inbound): what was kept, and what was dropped and why.
    db
      .select({ id: caseAttachments.id, caseMessageId: caseAttachments.caseMessageId, filename: caseAttachments.filename, contentType: caseAttachments.contentType, sizeBytes: caseAttachments.sizeBytes, rejected: caseAttachments.rejected })
      .from(caseAttachments)
      .where(eq(caseAttachments.caseId, row.id))
      .orderBy(asc(caseAttachments.createdAt), asc(caseAttachments.id)),
    // The order's refunds on their rails: a failed one is "Refund failed — action needed" with the provider's message.
    order ? refundsOfOrder(db, order.id) : [],
  ]);

  const parcelIds = parcels.map((p) => p.id);
  const eventsByParcel = parcelIds.length
    ? await db.select().from(trackingEvents).where(inArray(trackingEvents.shipmentId, parcelIds)).orderBy(desc(trackingEvents.occurredAt))
    : [];
  const returnIds = returnRows.map((r) => r.id);
  const items = returnIds.length
    ? await db
        .select({ id: returnItems.id, returnId: returnItems.returnId, quantity: returnItems.quantity, reasonCode: returnItems.reasonCode, comment: returnItems.comment, resolution: returnItems.resolution, title: orderLines.title })
        .from(returnItems)
        .innerJoin(orderLines, eq(orderLines.id, returnItems.orderLineId))
        .where(inArray(returnItems.returnId, returnIds))
    : [];
  const itemIds = items.map((i) => i.id);
  const claimIds = claimRows.map((c) => c.id);
  const photoRows =
    itemIds.length || claimIds.length
      ? await db
          .select({ id: photos.id, returnItemId: photos.returnItemId, claimId: photos.claimId, width: photos.width, height: photos.height })
          .from(photos)
          .where(sql`${itemIds.length ? inArray(photos.returnItemId, itemIds) : sql`false`} or ${claimIds.length ? inArray(photos.claimId, claimIds) : sql`false`}`)
      : [];
  const names = new Map(staff.map((s) => [s.id, s.name]));
  // The parcel a macro's {trackingLink} means: the case's own, the order's only one, or the agent chooses.
  const parcelForMacros = macroParcel(
    row.shipmentId,
    // A parcel awaiting the shop has no number or link to put in a reply.
    parcels.filter((p) => p.direction === 'outbound' && !isAwaitingShop(p.trackingNumber)).map((p) => ({ id: p.id, carrier: carrierName(p.carrier), trackingNumber: p.trackingNumber, status: p.status, link: trackingUrl(p.carrier, p.trackingNumber, { locale: row.locale }) })),
  );
  const caseReturn = returnRows.find((r) => r.id === row.returnId) ?? returnRows[0];
  /** Values for macro placeholders such as {firstName} or {trackingLink}. */
  const macroVariables: Record<string, string> = {
    firstName: (row.customerName ?? order?.customerName ?? '').split(' ')[0] ?? '',
    orderNumber: order?.orderNumber ?? '',
    rma: caseReturn?.rmaNumber ?? '',
    trackingLink: parcelForMacros.kind === 'parcel' ? parcelForMacros.parcel.link : '',
    trackingNumber: parcelForMacros.kind === 'parcel' ? parcelForMacros.parcel.trackingNumber : '',
    carrier: parcelForMacros.kind === 'parcel' ? parcelForMacros.parcel.carrier : '',
    caseNumber: String(row.number),
    shop: shop.name ?? '',
    // The return's own page, where the customer prints the label or shows the printerless code.
    labelLink: caseReturn ? appUrl(`/${row.locale}/returns/${encodeURIComponent(caseReturn.rmaNumber)}`) : '',
    refundAmount: order && order.refundedAmount > 0 ? numberFormat(localeTags[row.locale], { style: 'currency', currency: order.currency }).format(order.refundedAmount / 100) : '',
    deliveryEstimate: deliveryEstimate(parcelForMacros.kind === 'parcel' ? parcels.find((p) => p.id === parcelForMacros.parcel.id) : undefined, row.locale),
  };
  const clock = slaClock(row, config.settings, config.calendar, new Date());

  return {
    case: {
      id: row.id,
      number: row.number,
      type: row.type,
      status: row.status,
      priority: row.priority,
      subject: row.subject,
      tags: row.tags,
      locale: row.locale,
      version: row.version,
      assigneeId: row.assigneeId,
      assigneeName: row.assigneeId ? (names.get(row.assigneeId) ?? null) : null,
      teamId: row.teamId,
      customerEmail: row.customerEmail,
      customerName: row.customerName,
      createdAt: row.createdAt.toISOString(),
      firstResponseDueAt: iso(row.firstResponseDueAt),
      resolutionDueAt: iso(row.resolutionDueAt),
      firstRespondedAt: iso(row.firstRespondedAt),
      resolvedAt: iso(row.resolvedAt),
      returnId: row.returnId,
      claimId: row.claimId,
      sla: { state: clock.state, dueAt: iso(clock.dueAt), remainingSeconds: clock.remainingSeconds },
    },
    order: order
      ? {
          id: order.id,
          orderNumber: order.orderNumber,
          placedAt: order.placedAt.toISOString(),
          email: order.email,
          phone: order.phone,
          customerName: order.customerName,
          address: [order.shippingName, order.shippingLine1, order.shippingLine2, `${order.shippingPostalCode} ${order.shippingCity}`, order.shippingCountry].filter(Boolean).join(', '),
          currency: order.currency,
          capturedAmount: order.capturedAmount,
          refundedAmount: order.refundedAmount,
          lines,
        }
      : null,
    parcels: parcels.map((p) => ({
      id: p.id,
      direction: p.direction,
      carrier: p.carrier,
      /** Null while the parcel awaits the shop's tracking number (an exchange's or reship's). */
      trackingNumber: isAwaitingShop(p.trackingNumber) ? null : p.trackingNumber,
      status: p.status,
      deliveredAt: iso(p.deliveredAt),
      events: eventsByParcel.filter((e) => e.shipmentId === p.id).map((e) => ({ id: e.id, status: e.status, description: e.description, location: e.location, occurredAt: e.occurredAt.toISOString() })),
    })),
    returns: returnRows.map((r) => ({
      id: r.id,
      rmaNumber: r.rmaNumber,
      status: r.status,
      method: r.method,
      requestedAt: r.requestedAt.toISOString(),
      items: items.filter((i) => i.returnId === r.id).map((i) => ({ ...i, photoIds: photoRows.filter((ph) => ph.returnItemId === i.id).map((ph) => ph.id) })),
    })),
    claims: claimRows.map((c) => ({ id: c.id, type: c.type, status: c.status, description: c.description, requestedRemedy: c.requestedRemedy, createdAt: c.createdAt.toISOString(), photoIds: photoRows.filter((ph) => ph.claimId === c.id).map((ph) => ph.id) })),
    refunds: refundRows,
    withdrawals: withdrawalRows.map((w) => ({ ...w, submittedAt: w.submittedAt.toISOString() })),
    earlierCases: earlier.map((c) => ({ ...c, createdAt: c.createdAt.toISOString() })),
    messages: messages.map((m) => ({ ...m, createdAt: m.createdAt.toISOString(), attachments: attachments.filter((a) => a.caseMessageId === m.id).map(({ caseMessageId: _m, ...a }) => a) })),
    events: oneLinePerChange(events).map((e) => ({ id: e.id, type: e.type, actorType: e.actorType, actorName: e.actorType === 'staff' && e.actorId ? (names.get(e.actorId) ?? null) : null, data: e.data, createdAt: e.createdAt.toISOString() })),
    macros: macroRows,
    macroVariables,
    macroParcel: parcelForMacros,
    staff,
  };
}

export type CaseDetail = Awaited<ReturnType<typeof getCaseDetail>>;
