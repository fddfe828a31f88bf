import 'server-only';
import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { type Db, getDb } from '@/db';
import { shipments } from '@/db/schema';
import { getVerifiedOrderAccess } from '@/lib/auth/order-access';
import { requireStaff } from '@/lib/auth/staff-session';
import { authorize } from '@/lib/core/authorize';
import { AppError, toHttpResponse } from '@/lib/core/errors';
import type { Actor } from '@/lib/core/actor';
import { fetchCarrierLabel } from './fetch-carrier-label';
import { labelFile } from './label-file';
import { getCarrierLabelFile, getReturnLabel, getReturnLabelSummary, type ReturnLabelDto, type ReturnLabelSummary } from './queries';

/**
 * The label of `rma` if this browser holds the order-access grant for its order; null otherwise,
 * the same for "no such return", "no label yet" and "not yours" (nothing to probe). Staff access
 * joins here once the staff session lands.
 */
export async function getAuthorizedLabel(rma: string): Promise<ReturnLabelDto | null> {
  const label = await getReturnLabel(getDb(), rma);
  if (!label) return null;
  return (await getVerifiedOrderAccess(label.orderId)) ? withCarrierLabelFetched(label, { type: 'system' }, getReturnLabel) : null;
}

/** `getAuthorizedLabel` for the return page's label section: only what the section shows, in one statement. */
export async function getAuthorizedLabelSummary(rma: string): Promise<ReturnLabelSummary | null> {
  const label = await getReturnLabelSummary(getDb(), rma);
  if (!label) return null;
  return (await getVerifiedOrderAccess(label.orderId)) ? withCarrierLabelFetched(label, { type: 'system' }, getReturnLabelSummary) : null;
}

/**
 * A booked label whose carrier file is still missing is asked for once more when someone opens it (at most every
 * 30 seconds; lib/labels/fetch-carrier-label.ts), so the customer need not wait for the worker's next try.
 */
async function withCarrierLabelFetched<Label extends ReturnLabelSummary>(label: Label, actor: Actor, read: (db: Db, rma: string) => Promise<Label | null>): Promise<Label> {
  if (!label.carrierLabel?.pending) return label;
  const outcome = await fetchCarrierLabel(getDb(), { shipmentId: label.shipmentId, actor, onDemand: true });
  return outcome === 'fetched' ? ((await read(getDb(), label.rma)) ?? label) : label;
}

/**
 * The label of `rma` for signed-in staff who process returns (reprint from the case's return panel); throws
 * `unauthorized` / `forbidden` otherwise, null when there is no such return or no label yet.
 */
export async function getStaffLabel(rma: string): Promise<ReturnLabelDto | null> {
  const actor = authorize(await requireStaff(), 'returns.process');
  const label = await getReturnLabel(getDb(), rma);
  return label ? withCarrierLabelFetched(label, actor, getReturnLabel) : null;
}

/** Download headers: personal data, never cached by anything in between. */
export function downloadHeaders(contentType: string, filename: string, size: number): HeadersInit {
  return {
    'Content-Type': contentType,
    'Content-Disposition': `attachment; filename="${filename.replace(/[^A-Za-z0-9._-]/g, '_')}"`,
    'Content-Length': String(size),
    'Cache-Control': 'private, no-store',
  };
}

/**
 * GET handler body of a label download (customer or staff, PDF or ZPL): `find` decides who may have the
 * label; 404 in the error shape when there is none or the carrier offers no file in this format.
 */
export async function labelDownload(find: () => Promise<ReturnLabelDto | null>, format: 'pdf' | 'zpl'): Promise<Response> {
  try {
    const label = await find();
    if (!label) throw new AppError('not_found', 'No label.');
    const file = await labelFile(getDb(), label, format);
    if (!file) throw new AppError('not_found', 'The carrier offers no label in this format.');
    return new Response(Buffer.from(file.body), { headers: downloadHeaders(file.contentType, file.filename, file.body.byteLength) });
  } catch (error) {
    return toHttpResponse(error);
  }
}

/**
 * GET handler body of the carrier's label of a parcel the shop sends (booked from the case: an exchange's new item,
 * a reship), for staff who process returns; a label still to be fetched is asked for once more. 404 in the error
 * shape when there is no such parcel or no label.
 */
export async function outboundLabelDownload(shipmentId: string): Promise<Response> {
  try {
    const actor = authorize(await requireStaff(), 'returns.process');
    if (!z.uuid().safeParse(shipmentId).success) throw new AppError('not_found', 'No label.');
    const db = getDb();
    const [parcel] = await db.select({ trackingNumber: shipments.trackingNumber }).from(shipments).where(and(eq(shipments.id, shipmentId), eq(shipments.direction, 'outbound')));
    if (!parcel) throw new AppError('not_found', 'No label.');
    let pdf = await getCarrierLabelFile(db, shipmentId, 'pdf');
    if (!pdf && (await fetchCarrierLabel(db, { shipmentId, actor, onDemand: true })) === 'fetched') pdf = await getCarrierLabelFile(db, shipmentId, 'pdf');
    if (!pdf) throw new AppError('not_found', 'No label.');
    return new Response(Buffer.from(pdf), { headers: downloadHeaders('application/pdf', `label-${parcel.trackingNumber}.pdf`, pdf.byteLength) });
  } catch (error) {
    return toHttpResponse(error);
  }
}
