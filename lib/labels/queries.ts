import { eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db';
import { preparedQuery } from '@/db/prepared';
import { carrierLabels, orderLines, orders, returnItems, returnPolicies, returns, shipments, type ReturnReasonNode } from '@/db/schema';
import { type Carrier, carrierCatalog } from '@/lib/carriers/catalog';
import { type Locale, toLocale } from '@/lib/core/locales';
import { readShopSettings, type ShopAddress } from '@/lib/settings/shop';
import { readLogoPng } from '@/lib/settings/logo';
import { printerlessKind, type PrinterlessKind, specimenTrackingNumber } from './carrier-formats';

/** Everything a return label and its packing slip show; read-only (the label was issued on approval). */
export type ReturnLabelDto = {
  returnId: string;
  shipmentId: string;
  orderId: string;
  rma: string;
  orderNumber: string;
  locale: Locale;
  method: 'drop_off' | 'printerless' | 'home_pickup';
  carrier: Carrier;
  carrierName: string;
  service: string | null;
  trackingNumber: string;
  /**
   * True when nothing was booked with the carrier: the label is drawn locally, says SPECIMEN — NOT VALID FOR
   * SHIPPING, and the customer is told that the shop will send the real label.
   */
  specimen: boolean;
  /**
   * The carrier's own label files stored at booking (lib/carriers/<carrier>/booking.ts); null for a SPECIMEN.
   * `pending`: booked, but the carrier has not handed over its label yet (neither file; fetched again later), so
   * the customer is told it is on its way and nothing is drawn in its place.
   */
  carrierLabel: { bookedVia: string; pdf: boolean; zpl: boolean; pending: boolean } | null;
  printerlessCode: string | null;
  printerlessKind: PrinterlessKind;
  dropOffPoint: { name: string; address?: string } | null;
  issuedAt: string;
  shopName: string;
  /** The shop's logo (PNG) for the packing slip header; null without one. */
  logoPng: Uint8Array | null;
  returnAddress: ShopAddress;
  sender: { name: string; line1: string; line2: string | null; postalCode: string; city: string; country: string };
  items: Array<{ title: string; options: Record<string, string>; quantity: number; reason: string }>;
};

function findReason(nodes: ReturnReasonNode[], code: string): ReturnReasonNode | null {
  for (const node of nodes) {
    if (node.code === code) return node;
    const child = node.children ? findReason(node.children, code) : null;
    if (child) return child;
  }
  return null;
}

/** What the customer's return page shows of the label (and what access and an on-demand fetch need). */
export type ReturnLabelSummary = Pick<
  ReturnLabelDto,
  'returnId' | 'shipmentId' | 'orderId' | 'rma' | 'orderNumber' | 'method' | 'carrier' | 'carrierName' | 'service' | 'trackingNumber' | 'specimen' | 'carrierLabel' | 'printerlessCode' | 'dropOffPoint'
>;

/** RMA numbers are `R-10001`-like; anything else cannot match (and NUL would upset PostgreSQL). */
function rmaKey(rma: string): string | null {
  return /^[A-Za-z0-9-]{1,32}$/.test(rma) ? rma.toUpperCase() : null;
}

const labelColumns = {
  bookedVia: carrierLabels.bookedVia,
  hasPdf: sql<boolean>`${carrierLabels.pdf} is not null`,
  hasZpl: sql<boolean>`${carrierLabels.zpl} is not null`,
};

/** Booked with the carrier or not (a SPECIMEN), and which of the carrier's files have arrived. */
function carrierLabelOf(row: { bookedVia: string | null; hasPdf: boolean; hasZpl: boolean }): Pick<ReturnLabelDto, 'specimen' | 'carrierLabel'> {
  return {
    specimen: row.bookedVia === null,
    carrierLabel: row.bookedVia === null ? null : { bookedVia: row.bookedVia, pdf: row.hasPdf, zpl: row.hasZpl, pending: !row.hasPdf && !row.hasZpl },
  };
}

/**
 * A SPECIMEN (nothing booked with the carrier) shows only its own id and no label-free code, whatever the shipment
 * row holds (the demo seed's simulated return parcels carry carrier-format numbers for the simulator; their labels
 * still are not carrier labels).
 */
function labelKind(row: { rma: string; trackingNumber: string; printerlessCode: string | null; bookedVia: string | null; hasPdf: boolean; hasZpl: boolean }) {
  const label = carrierLabelOf(row);
  return {
    ...label,
    trackingNumber: label.specimen ? specimenTrackingNumber(row.rma) : row.trackingNumber,
    printerlessCode: label.specimen ? null : row.printerlessCode,
  };
}

// The return page shows its label section on every view: one prepared statement of the columns it shows, not the
// label's whole read (every column of the return, order and parcel, the items, the policy, the shop and its logo).
const labelSummaryRow = preparedQuery((db) =>
  db
    .select({
      returnId: returns.id,
      shipmentId: shipments.id,
      orderId: orders.id,
      rma: returns.rmaNumber,
      orderNumber: orders.orderNumber,
      method: returns.method,
      carrier: shipments.carrier,
      service: shipments.service,
      trackingNumber: shipments.trackingNumber,
      printerlessCode: returns.printerlessCode,
      dropOffPoint: returns.dropOffPoint,
      issuedAt: returns.labelIssuedAt,
      ...labelColumns,
    })
    .from(returns)
    .innerJoin(orders, eq(orders.id, returns.orderId))
    .innerJoin(shipments, eq(shipments.id, returns.returnShipmentId))
    .leftJoin(carrierLabels, eq(carrierLabels.shipmentId, shipments.id))
    .where(eq(returns.rmaNumber, sql.placeholder('rma')))
    .limit(1)
    .prepare('return_label_summary'),
);

/** The label section's facts of a return by RMA number, or null when there is no such return or no label yet. */
export async function getReturnLabelSummary(db: DbOrTx, rma: string): Promise<ReturnLabelSummary | null> {
  const key = rmaKey(rma);
  if (!key) return null;
  const [row] = await labelSummaryRow(db).execute({ rma: key });
  if (!row || row.issuedAt === null) return null;
  const { issuedAt: _issued, bookedVia: _via, hasPdf: _pdf, hasZpl: _zpl, ...facts } = row;
  return { ...facts, carrierName: carrierCatalog[row.carrier].name, ...labelKind(row) };
}

/** The label of a return by RMA number, or null when there is no such return or no label yet. */
export async function getReturnLabel(db: DbOrTx, rma: string): Promise<ReturnLabelDto | null> {
  const key = rmaKey(rma);
  if (!key) return null;
  const [row] = await db
    .select({ ret: returns, order: orders, shipment: shipments, ...labelColumns })
    .from(returns)
    .innerJoin(orders, eq(orders.id, returns.orderId))
    .innerJoin(shipments, eq(shipments.id, returns.returnShipmentId))
    .leftJoin(carrierLabels, eq(carrierLabels.shipmentId, shipments.id))
    .where(eq(returns.rmaNumber, key))
    .limit(1);
  if (!row || row.ret.labelIssuedAt === null) return null;
  const { ret, order, shipment } = row;
  const locale = toLocale(order.locale);
  const [items, [policy], shop, logo] = await Promise.all([
    db
      .select({ title: orderLines.title, options: orderLines.variantOptions, quantity: returnItems.quantity, reasonCode: returnItems.reasonCode })
      .from(returnItems)
      .innerJoin(orderLines, eq(orderLines.id, returnItems.orderLineId))
      .where(eq(returnItems.returnId, ret.id))
      .orderBy(orderLines.position),
    db.select({ reasons: returnPolicies.reasons }).from(returnPolicies).where(eq(returnPolicies.isActive, true)).limit(1),
    readShopSettings(db),
    readLogoPng(db),
  ]);
  const reasonLabel = (code: string) => {
    const node = policy ? findReason(policy.reasons, code) : null;
    return node?.labels[locale] ?? node?.labels.en ?? code;
  };
  return {
    returnId: ret.id,
    shipmentId: shipment.id,
    orderId: order.id,
    rma: ret.rmaNumber,
    orderNumber: order.orderNumber,
    locale,
    method: ret.method,
    carrier: shipment.carrier,
    carrierName: carrierCatalog[shipment.carrier].name,
    service: shipment.service,
    ...labelKind({ rma: ret.rmaNumber, trackingNumber: shipment.trackingNumber, printerlessCode: ret.printerlessCode, bookedVia: row.bookedVia, hasPdf: row.hasPdf, hasZpl: row.hasZpl }),
    printerlessKind: printerlessKind[shipment.carrier],
    dropOffPoint: ret.dropOffPoint,
    issuedAt: ret.labelIssuedAt!.toISOString(),
    shopName: shop.name,
    logoPng: logo ? new Uint8Array(logo.png) : null,
    returnAddress: shop.returnAddress ?? { name: shop.name, line1: shop.supportEmail ?? '', postalCode: '', city: '', country: shop.country },
    sender: { name: order.shippingName, line1: order.shippingLine1, line2: order.shippingLine2, postalCode: order.shippingPostalCode, city: order.shippingCity, country: order.shippingCountry },
    items: items.map((i) => ({ title: i.title, options: i.options, quantity: i.quantity, reason: reasonLabel(i.reasonCode) })),
  };
}

/**
 * What the return panel says about a return's label: none yet (null), a SPECIMEN, or the carrier's own label (booked
 * via which API, which files, still pending) — the same facts as `getReturnLabel`, without the packing slip's reads.
 */
export async function getReturnLabelState(db: DbOrTx, returnId: string): Promise<Pick<ReturnLabelDto, 'specimen' | 'carrierLabel'> | null> {
  const [row] = await db
    .select({ issuedAt: returns.labelIssuedAt, ...labelColumns })
    .from(returns)
    .innerJoin(shipments, eq(shipments.id, returns.returnShipmentId))
    .leftJoin(carrierLabels, eq(carrierLabels.shipmentId, shipments.id))
    .where(eq(returns.id, returnId))
    .limit(1);
  return row && row.issuedAt !== null ? carrierLabelOf(row) : null;
}

/** The carrier's own label file of a booked return shipment, exactly as the carrier sent it; null when there is none. */
export async function getCarrierLabelFile(db: DbOrTx, shipmentId: string, format: 'pdf' | 'zpl'): Promise<Uint8Array | null> {
  const [row] = await db.select({ pdf: carrierLabels.pdf, zpl: carrierLabels.zpl }).from(carrierLabels).where(eq(carrierLabels.shipmentId, shipmentId));
  if (!row) return null;
  if (format === 'pdf') return row.pdf ? new Uint8Array(row.pdf) : null;
  return row.zpl === null ? null : new TextEncoder().encode(row.zpl);
}
