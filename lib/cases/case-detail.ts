import 'server-only';
import { eq, type SQL, sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db';
import { preparedQuery } from '@/db/prepared';
import { type Case, type caseMessages, cases, type Claim, type domainEvents, orders, type Return, type ReturnItem, type Shipment, type StaffUser, type trackingEvents, type Withdrawal } from '@/db/schema';
import type { Actor } from '@/lib/core/actor';
import { carrierName, trackingUrl } from '@/lib/carriers/catalog';
import { AppError } from '@/lib/errors';
import { slaConfigAndShop } from '@/lib/sla/config';
import { slaClock } from '@/lib/sla/sla';
import { assignableStaff } from './assignable-staff';
import { type Locale, localeTags } from '@/lib/i18n/locales';
import { dateTimeFormat } from '@/lib/core/formatters';
import { formatMoney } from '@/lib/core/money';
import { appUrl } from '@/lib/core/url';
import { macroParcel } from './macro-parcel';
import { caseIdSchema } from './schemas';
import { isAuditRow, isTrailRow } from '@/lib/core/events';
import { oneLinePerChange } from './timeline-lines';
import { authorize } from '@/lib/core/authorize';
import type { StaffRefund } from '@/lib/refunds/queries';
import { isAwaitingShop } from '@/lib/core/pending-parcel';
import type { ReturnReasonNode } from '@/db/schema/returns';

const iso = (d: Date | null | undefined) => d?.toISOString() ?? null;

/** The parcel's newest delivery date (the carrier's ETA, else the promised date), written out in the customer's language. */
function deliveryEstimate(parcel: { carrierEta: string | null; promisedDate: string | null } | undefined, locale: Locale): string {
  const day = parcel?.carrierEta ?? parcel?.promisedDate;
  if (!day) return '';
  return dateTimeFormat(localeTags[locale], { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(`${day}T12:00:00Z`));
}

/** A timestamp as JavaScript's `toISOString()` writes it (milliseconds, UTC), for rows read as JSON. */
const isoText = (column: SQL) => sql`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
/** A JSON array of the subquery's rows, `[]` when there are none. */
const jsonList = (subquery: SQL) => sql`coalesce((${subquery}), '[]'::json)`;

type ParcelEventRow = { id: string; status: (typeof trackingEvents.$inferSelect)['status']; description: string | null; location: string | null; occurredAt: string };
type RelatedRows = {
  lines: { id: string; title: string; sku: string; quantity: number; unitPrice: number }[];
  parcels: (Pick<Shipment, 'id' | 'direction' | 'carrier' | 'trackingNumber' | 'status' | 'carrierEta' | 'promisedDate'> & { deliveredAt: string | null; events: ParcelEventRow[] })[];
  returns: (Pick<Return, 'id' | 'rmaNumber' | 'status' | 'method'> & {
    requestedAt: string;
    items: { id: string; returnId: string; quantity: number; reasonCode: string; comment: string | null; resolution: ReturnItem['resolution']; title: string; photoIds: string[] }[];
  })[];
  claims: (Pick<Claim, 'id' | 'type' | 'status' | 'description' | 'requestedRemedy'> & { createdAt: string; photoIds: string[] })[];
  withdrawals: (Pick<Withdrawal, 'id' | 'receiptNumber' | 'status'> & { submittedAt: string })[];
  earlier: { id: string; number: number; subject: string; status: Case['status']; createdAt: string }[];
  messages: {
    id: string;
    kind: (typeof caseMessages.$inferSelect)['kind'];
    body: string;
    createdAt: string;
    author: string | null;
    attachments: { id: string; filename: string; contentType: string; sizeBytes: number; rejected: string | null }[];
  }[];
  events: { id: number; type: string; actorType: (typeof domainEvents.$inferSelect)['actorType']; actorId: string | null; data: Record<string, unknown>; createdAt: string }[];
  macros: { id: string; title: string; body: string }[];
  staff: { id: string; name: string; role: StaffUser['role'] }[];
  refunds: StaffRefund[];
  settings: { sla: unknown; shop: unknown };
  teams: { id: string; name: string }[];
  /** The active return policy's reason tree (null without an active policy). */
  reasons: ReturnReasonNode[] | null;
};

/**
 * Everything the case page lists about the case (the outer row `cases`) and its order, as one JSON object: a
 * subquery per list, each as the separate reads it replaces ordered and filtered them.
 */
function relatedRows(): SQL {
  const caseId = sql`${cases.id}`;
  const orderId = sql`${cases.orderId}`;
  return sql`select json_build_object(
    'lines', ${jsonList(sql`select json_agg(json_build_object('id', l.id, 'title', l.title, 'sku', l.sku, 'quantity', l.quantity, 'unitPrice', l.unit_price) order by l.position)
      from order_lines l where l.order_id = ${orderId}`)},
    'parcels', ${jsonList(sql`select json_agg(json_build_object('id', s.id, 'direction', s.direction, 'carrier', s.carrier, 'trackingNumber', s.tracking_number, 'status', s.status,
        'carrierEta', s.carrier_eta, 'promisedDate', s.promised_date, 'deliveredAt', ${isoText(sql`s.delivered_at`)},
        'events', ${jsonList(sql`select json_agg(json_build_object('id', te.id, 'status', te.status, 'description', te.description, 'location', te.location, 'occurredAt', ${isoText(sql`te.occurred_at`)}) order by te.occurred_at desc)
          from tracking_events te where te.shipment_id = s.id`)}) order by s.created_at)
      from shipments s where s.order_id = ${orderId}`)},
    'returns', ${jsonList(sql`select json_agg(json_build_object('id', r.id, 'rmaNumber', r.rma_number, 'status', r.status, 'method', r.method, 'requestedAt', ${isoText(sql`r.requested_at`)},
        'items', ${jsonList(sql`select json_agg(json_build_object('id', ri.id, 'returnId', ri.return_id, 'quantity', ri.quantity, 'reasonCode', ri.reason_code, 'comment', ri.comment,
            'resolution', ri.resolution, 'title', ol.title, 'photoIds', ${jsonList(sql`select json_agg(p.id) from photos p where p.return_item_id = ri.id`)}))
          from return_items ri join order_lines ol on ol.id = ri.order_line_id where ri.return_id = r.id`)}) order by r.created_at)
      from returns r where r.order_id = ${orderId}`)},
    'claims', ${jsonList(sql`select json_agg(json_build_object('id', cl.id, 'type', cl.type, 'status', cl.status, 'description', cl.description, 'requestedRemedy', cl.requested_remedy,
        'createdAt', ${isoText(sql`cl.created_at`)}, 'photoIds', ${jsonList(sql`select json_agg(p.id) from photos p where p.claim_id = cl.id`)}) order by cl.created_at)
      from claims cl where cl.order_id = ${orderId}`)},
    'withdrawals', ${jsonList(sql`select json_agg(json_build_object('id', w.id, 'receiptNumber', w.receipt_number, 'status', w.status, 'submittedAt', ${isoText(sql`w.submitted_at`)}))
      from withdrawals w where w.order_id = ${orderId}`)},
    'earlier', ${jsonList(sql`select json_agg(json_build_object('id', e.id, 'number', e.number, 'subject', e.subject, 'status', e.status, 'createdAt', ${isoText(sql`e.created_at`)}) order by e.created_at desc)
      from (select * from cases e where lower(e.customer_email) = lower(${cases.customerEmail}) and e.id <> ${caseId} order by e.created_at desc limit 20) e`)},
    'messages', ${jsonList(sql`select json_agg(json_build_object('id', m.id, 'kind', m.kind, 'body', m.body, 'createdAt', ${isoText(sql`m.created_at`)}, 'author', au.name,
        'attachments', ${jsonList(sql`select json_agg(json_build_object('id', a.id, 'filename', a.filename, 'contentType', a.content_type, 'sizeBytes', a.size_bytes, 'rejected', a.rejected) order by a.created_at, a.id)
          from case_attachments a where a.case_id = ${caseId} and a.case_message_id = m.id`)}) order by m.created_at, m.id)
      from case_messages m left join staff_users au on au.id = m.author_staff_id where m.case_id = ${caseId}`)},
    'events', ${jsonList(sql`select json_agg(json_build_object('id', t.id, 'type', t.type, 'actorType', t.actor_type, 'actorId', t.actor_id, 'data', t.data, 'createdAt', ${isoText(sql`t.occurred_at`)}) order by t.id desc)
      from (select * from domain_events where domain_events.case_id = ${caseId} and ${isTrailRow()} order by domain_events.id desc limit 200) t`)},
    'macros', ${jsonList(sql`select json_agg(json_build_object('id', mc.id, 'title', mc.title, 'body', mc.body) order by mc.title)
      from macros mc where mc.locale = ${cases.locale}`)},
    'staff', ${jsonList(sql`select json_agg(json_build_object('id', staff_users.id, 'name', staff_users.name, 'role', staff_users.role) order by staff_users.name)
      from staff_users where ${assignableStaff()}`)},
    'refunds', ${jsonList(sql`select json_agg(json_build_object('providerMismatch', (
          select domain_events.data->>'provider' from domain_events
          where ${isAuditRow()} and domain_events.type = 'refund.provider_mismatch' and domain_events.order_id = rf.order_id and domain_events.data->>'refundId' = rf.id::text
          order by domain_events.id desc limit 1),
        'id', rf.id, 'amount', rf.amount, 'currency', rf.currency, 'status', rf.status, 'rail', rf.rail, 'providerReference', rf.provider_reference, 'attempts', rf.attempts,
        'failureMessage', rf.failure_message, 'failureCode', rf.failure_code, 'returnId', rf.return_id, 'createdAt', ${isoText(sql`rf.created_at`)}, 'settledAt', ${isoText(sql`rf.settled_at`)})
        order by rf.created_at desc, rf.id desc)
      from refunds rf where rf.order_id = ${orderId}`)},
    'settings', json_build_object('sla', (select st.value from settings st where st.key = 'sla'), 'shop', (select st.value from settings st where st.key = 'shop')),
    'teams', ${jsonList(sql`select json_agg(json_build_object('id', tm.id, 'name', tm.name) order by tm.name, tm.id) from teams tm`)},
    'reasons', (select rp.reasons from return_policies rp where rp.is_active limit 1)
  )`;
}

/** The case page's one statement, built and prepared once (db/prepared.ts): its SQL is long, and drizzle built it anew on every view. */
const caseWithRelated = preparedQuery((db) =>
  db
    .select({ row: cases, order: orders, related: sql<RelatedRows>`(${relatedRows()})` })
    .from(cases)
    .leftJoin(orders, eq(orders.id, cases.orderId))
    .where(eq(cases.id, sql.placeholder('caseId')))
    .prepare('case_page'),
);

/** Everything the case page shows, as plain JSON (staff see full customer details). */
export async function getCaseDetail(ctx: { db: DbOrTx; actor: Actor }, caseId: string) {
  return (await readCase(ctx, caseId)).detail;
}

/**
 * The case page's data in one statement: the case's detail, the teams for its team picker, and the active return
 * policy's reason tree (the page labels the return items' reasons with it; cases sit below returns, so the tree is
 * read here but interpreted by the returns domain).
 */
export async function getCasePage(ctx: { db: DbOrTx; actor: Actor }, caseId: string) {
  return readCase(ctx, caseId);
}

async function readCase(ctx: { db: DbOrTx; actor: Actor }, caseId: string) {
  authorize(ctx.actor, 'cases.work');
  const id = caseIdSchema.safeParse(caseId);
  if (!id.success) throw new AppError('not_found');
  const db = ctx.db;
  // The case, its order and everything the page lists about them in one statement (each round trip costs a socket
  // write on both sides): the lists come as JSON subqueries, timestamps already as JavaScript's ISO strings.
  const [found] = await caseWithRelated(db).execute({ caseId: id.data });
  if (!found) throw new AppError('not_found');
  const { row, related } = found;
  const order = found.order ?? undefined;
  const { lines, parcels, returns: returnRows, claims: claimRows, withdrawals: withdrawalRows, earlier, messages, events, macros: macroRows, staff, refunds: refundRows } = related;
  const { config, shop } = slaConfigAndShop(related.settings);

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
    refundAmount: order && order.refundedAmount > 0 ? formatMoney(row.locale, order.refundedAmount, order.currency) : '',
    deliveryEstimate: deliveryEstimate(parcelForMacros.kind === 'parcel' ? parcels.find((p) => p.id === parcelForMacros.parcel.id) : undefined, row.locale),
  };
  const clock = slaClock(row, config.settings, config.calendar, new Date());

  const detail = {
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
      deliveredAt: p.deliveredAt,
      events: p.events,
    })),
    returns: returnRows.map((r) => ({
      id: r.id,
      rmaNumber: r.rmaNumber,
      status: r.status,
      method: r.method,
      requestedAt: r.requestedAt,
      items: r.items,
    })),
    claims: claimRows,
    refunds: refundRows,
    withdrawals: withdrawalRows,
    earlierCases: earlier,
    messages,
    events: oneLinePerChange(events).map((e) => ({ id: e.id, type: e.type, actorType: e.actorType, actorName: e.actorType === 'staff' && e.actorId ? (names.get(e.actorId) ?? null) : null, data: e.data, createdAt: e.createdAt })),
    macros: macroRows,
    macroVariables,
    macroParcel: parcelForMacros,
    staff,
  };
  return { detail, teams: related.teams, reasonTree: related.reasons ?? [] };
}

export type CaseDetail = Awaited<ReturnType<typeof getCaseDetail>>;
