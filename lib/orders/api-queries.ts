import 'server-only';
import { asc, eq, inArray } from 'drizzle-orm';
import type { DbOrTx } from '@/db';
import { orderLines, orders, returns, shipmentLines, shipments } from '@/db/schema';
import { trackingUrl } from '@/lib/carriers/catalog';
import type { ApiOrderDto } from './api-dto';
import { orderNumberIs } from '@/lib/core/order-number';
import { isAwaitingShop } from '@/lib/core/pending-parcel';

const iso = (d: Date | null) => d?.toISOString() ?? null;

/** The order id for an API path's order number (case-insensitive, like the customer lookup), or null. */
export async function findApiOrderId(db: DbOrTx, orderNumber: string): Promise<string | null> {
  const [row] = await db.select({ id: orders.id }).from(orders).where(orderNumberIs(orderNumber)).limit(1);
  return row?.id ?? null;
}

/** The merchant's full view of one order: lines with counters, parcels with status and dates, returns. */
export async function getApiOrder(db: DbOrTx, orderId: string): Promise<ApiOrderDto | null> {
  const [order] = await db.select().from(orders).where(eq(orders.id, orderId));
  if (!order) return null;
  const [lines, parcels, orderReturns] = await Promise.all([
    db.select().from(orderLines).where(eq(orderLines.orderId, orderId)).orderBy(asc(orderLines.position), asc(orderLines.createdAt)),
    db.select().from(shipments).where(eq(shipments.orderId, orderId)).orderBy(asc(shipments.createdAt)),
    db
      .select({ rma: returns.rmaNumber, status: returns.status, requestedAt: returns.requestedAt, updatedAt: returns.updatedAt })
      .from(returns)
      .where(eq(returns.orderId, orderId))
      .orderBy(asc(returns.requestedAt)),
  ]);
  const parcelLines =
    parcels.length === 0
      ? []
      : await db
          .select({ shipmentId: shipmentLines.shipmentId, sku: orderLines.sku, quantity: shipmentLines.quantity })
          .from(shipmentLines)
          .innerJoin(orderLines, eq(orderLines.id, shipmentLines.orderLineId))
          .where(
            inArray(
              shipmentLines.shipmentId,
              parcels.map((p) => p.id),
            ),
          );
  return {
    orderNumber: order.orderNumber,
    email: order.email,
    customerName: order.customerName,
    phone: order.phone,
    locale: order.locale,
    currency: order.currency,
    placedAt: order.placedAt.toISOString(),
    shippingAddress: {
      name: order.shippingName,
      line1: order.shippingLine1,
      line2: order.shippingLine2,
      postalCode: order.shippingPostalCode,
      city: order.shippingCity,
      country: order.shippingCountry,
    },
    shippingAmount: order.shippingAmount,
    capturedAmount: order.capturedAmount,
    paymentMethod: order.paymentMethod,
    refundedAmount: order.refundedAmount,
    canceledAt: iso(order.canceledAt),
    lines: lines.map((l) => ({
      sku: l.sku,
      title: l.title,
      options: l.variantOptions,
      quantity: l.quantity,
      unitPrice: l.unitPrice,
      finalSale: l.finalSale,
      imageUrl: l.imageUrl,
      fulfilledQuantity: l.fulfilledQuantity,
      returnRequestedQuantity: l.returnRequestedQuantity,
      returnedQuantity: l.returnedQuantity,
      writtenOffQuantity: l.writtenOffQuantity,
    })),
    shipments: parcels.map((s) => {
      // The PENDING- marker is no tracking number: never handed out, nor a carrier link made of it.
      const awaitingShop = isAwaitingShop(s.trackingNumber);
      return {
        id: s.id,
        direction: s.direction,
        carrier: s.carrier,
        service: s.service,
        trackingNumber: awaitingShop ? null : s.trackingNumber,
        trackingUrl: awaitingShop ? null : trackingUrl(s.carrier, s.trackingNumber),
        awaitingShop,
        status: s.status,
        subStatus: s.subStatus,
        promisedDate: s.promisedDate,
        predictedDate: s.predictedDate,
        carrierEta: s.carrierEta,
        pickupPoint: s.pickupPoint ?? null,
        pickupDeadline: s.pickupDeadline,
        shippedAt: iso(s.shippedAt),
        firstScanAt: iso(s.firstScanAt),
        lastEventAt: iso(s.lastEventAt),
        deliveredAt: iso(s.deliveredAt),
        lines: parcelLines.filter((pl) => pl.shipmentId === s.id).map((pl) => ({ sku: pl.sku, quantity: pl.quantity })),
      };
    }),
    returns: orderReturns.map((r) => ({ rma: r.rma, status: r.status, requestedAt: r.requestedAt.toISOString(), updatedAt: r.updatedAt.toISOString() })),
    createdAt: order.createdAt.toISOString(),
    updatedAt: order.updatedAt.toISOString(),
  };
}
