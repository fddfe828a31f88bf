import 'server-only';
import { and, asc, eq, inArray, type SQL, sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db';
import { orderLines, orders, returnItems, returns, shipments, variants } from '@/db/schema';
import { AppError } from '@/lib/errors';
import type { ApiReturnDto, ListReturnsQuery } from './api-schemas';

const iso = (d: Date | null) => d?.toISOString() ?? null;

/** Microsecond-exact text of updated_at: a JS Date (ms) would skip rows on a page boundary. */
const updatedAtText = sql<string>`to_char(${returns.updatedAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

function decodeCursor(cursor: string): { updatedAt: string; id: string } {
  const [updatedAt, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  if (!updatedAt || !id || !/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/.test(updatedAt) || !/^[0-9a-f-]{36}$/.test(id)) {
    throw new AppError('invalid_input', 'The cursor is not valid.', { details: { fields: { cursor: ['Use the nextCursor of the previous page.'] } } });
  }
  return { updatedAt, id };
}

async function toDtos(db: DbOrTx, rows: Array<typeof returns.$inferSelect & { orderNumber: string; trackingNumber: string | null }>): Promise<ApiReturnDto[]> {
  if (rows.length === 0) return [];
  const items = await db
    .select({
      returnId: returnItems.returnId,
      sku: orderLines.sku,
      title: orderLines.title,
      quantity: returnItems.quantity,
      reasonCode: returnItems.reasonCode,
      comment: returnItems.comment,
      resolution: returnItems.resolution,
      exchangeSku: variants.sku,
      receivedQuantity: returnItems.receivedQuantity,
      inspectionGrade: returnItems.inspectionGrade,
      restock: returnItems.restock,
    })
    .from(returnItems)
    .innerJoin(orderLines, eq(orderLines.id, returnItems.orderLineId))
    .leftJoin(variants, eq(variants.id, returnItems.exchangeVariantId))
    .where(
      inArray(
        returnItems.returnId,
        rows.map((r) => r.id),
      ),
    )
    .orderBy(asc(returnItems.createdAt));
  return rows.map((r) => ({
    rma: r.rmaNumber,
    orderNumber: r.orderNumber,
    status: r.status,
    method: r.method,
    carrier: r.carrier,
    fee: r.fee,
    currency: r.currency,
    estimatedRefund: r.estimatedRefund,
    estimatedCredit: r.estimatedCredit,
    shipNow: r.shipNow,
    shipNowDeadline: r.shipNowDeadline?.toISOString() ?? null,
    returnTrackingNumber: r.trackingNumber,
    items: items.filter((i) => i.returnId === r.id).map(({ returnId: _returnId, ...item }) => item),
    requestedAt: r.requestedAt.toISOString(),
    approvedAt: iso(r.approvedAt),
    labelIssuedAt: iso(r.labelIssuedAt),
    receivedAt: iso(r.receivedAt),
    inspectedAt: iso(r.inspectedAt),
    completedAt: iso(r.completedAt),
    rejectedAt: iso(r.rejectedAt),
    canceledAt: iso(r.canceledAt),
    updatedAt: r.updatedAt.toISOString(),
  }));
}

function baseQuery(db: DbOrTx) {
  return db
    .select({ r: returns, orderNumber: orders.orderNumber, trackingNumber: shipments.trackingNumber, cursorTs: updatedAtText })
    .from(returns)
    .innerJoin(orders, eq(orders.id, returns.orderId))
    .leftJoin(shipments, eq(shipments.id, returns.returnShipmentId));
}

/** Returns changed since a time, oldest change first, one page at a time. */
export async function listApiReturns(db: DbOrTx, query: ListReturnsQuery): Promise<{ data: ApiReturnDto[]; nextCursor: string | null }> {
  const where: SQL[] = [];
  if (query.status) where.push(eq(returns.status, query.status));
  if (query.updatedSince) where.push(sql`${returns.updatedAt} >= ${query.updatedSince}::timestamptz`);
  if (query.cursor) {
    const c = decodeCursor(query.cursor);
    where.push(sql`(${returns.updatedAt}, ${returns.id}) > (${c.updatedAt}::timestamptz, ${c.id}::uuid)`);
  }
  const rows = await baseQuery(db)
    .where(and(...where))
    .orderBy(asc(returns.updatedAt), asc(returns.id))
    .limit(query.limit + 1);
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  const nextCursor = rows.length > query.limit && last ? Buffer.from(`${last.cursorTs}|${last.r.id}`).toString('base64url') : null;
  return { data: await toDtos(db, page.map((row) => ({ ...row.r, orderNumber: row.orderNumber, trackingNumber: row.trackingNumber }))), nextCursor };
}

/** The API view of several returns by id (the events feed's `data` for return events), keyed by id. */
export async function getApiReturnsByIds(db: DbOrTx, ids: readonly string[]): Promise<Map<string, ApiReturnDto>> {
  if (ids.length === 0) return new Map();
  const rows = await baseQuery(db).where(inArray(returns.id, [...new Set(ids)]));
  const dtos = await toDtos(db, rows.map((row) => ({ ...row.r, orderNumber: row.orderNumber, trackingNumber: row.trackingNumber })));
  return new Map(rows.map((row, i) => [row.r.id, dtos[i]!]));
}

export async function getApiReturn(db: DbOrTx, rma: string): Promise<ApiReturnDto | null> {
  const rows = await baseQuery(db).where(sql`upper(${returns.rmaNumber}) = upper(${rma})`).limit(1);
  const [dto] = await toDtos(db, rows.map((row) => ({ ...row.r, orderNumber: row.orderNumber, trackingNumber: row.trackingNumber })));
  return dto ?? null;
}
