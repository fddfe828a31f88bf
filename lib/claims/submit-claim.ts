import { and, eq, inArray, sql } from 'drizzle-orm';
import { cases, claims, orderLines, orders, photos, shipmentLines, shipments } from '@/db/schema';
import type { Ctx } from '@/lib/core/actor';
import { openCase } from '@/lib/cases/open-case';
import { recordEvent } from '@/lib/core/events';
import { AppError } from '@/lib/errors';
import type { Locale } from '@/lib/core/locales';
import { enqueueEmail } from '@/lib/outbox/enqueue-email';
import { PHOTO_LIMITS, processPhoto } from '@/lib/photos/process-photo';
import { readShopSettings } from '@/lib/settings/shop';
import { loadEmailMessages } from '@/lib/settings/email-templates';
import { renderClaimEmail } from './claim-email';
import { emailBrand } from '@/lib/outbox/service-email-layout';
import { type ClaimInput, claimSchema } from './schemas';
import { claimParcelFacts } from './queries';
import { deliveredQuantities, isParcelClaim, parcelMayBeNotReceived } from './state';
import { todayIn } from '@/lib/time/today';
import { appUrl } from '@/lib/core/url';

export type SubmittedClaim = { claimId: string; caseNumber: number };

/**
 * A customer's claim from the order page, in one transaction: the claim, its photos (re-encoded,
 * metadata stripped), a staff case with everything attached (type `claim`, or `delivery_issue` for a
 * parcel marked delivered that never arrived — staff investigate with the carrier), the audit row and
 * the confirmation email. The shop handles transport damage and lost parcels (Finnish consumer law):
 * nothing here sends the customer to the carrier.
 */
export async function submitClaim(ctx: Ctx, input: ClaimInput & { orderId: string; locale: Locale; photos?: Uint8Array[] }): Promise<SubmittedClaim> {
  const data = claimSchema.parse(input);
  const uploads = isParcelClaim(data.type) ? [] : (input.photos ?? []);
  if (uploads.length > PHOTO_LIMITS.maxPerItem) throw new AppError('invalid_input', 'Too many photos.', { details: { photos: ['photoTooMany'] } });
  // Photos are checked and re-encoded before the transaction: sharp is slow, locks must be short.
  const processed: Array<{ data: Buffer; contentType: string; width: number; height: number }> = [];
  for (const bytes of uploads) {
    const result = await processPhoto(bytes);
    if (!result.ok) throw new AppError('invalid_input', `Photo rejected: ${result.reason}`, { details: { photos: [`photo_${result.reason}`] } });
    processed.push(result);
  }

  return ctx.db.transaction(async (tx) => {
    const [existing] = await tx.select({ id: claims.id, orderId: claims.orderId }).from(claims).where(eq(claims.idempotencyKey, data.idempotencyKey)).limit(1);
    if (existing) {
      if (existing.orderId !== input.orderId) throw new AppError('conflict', 'Idempotency key used for another order.');
      const [c] = await tx.select({ number: cases.number }).from(cases).where(eq(cases.claimId, existing.id)).limit(1);
      return { claimId: existing.id, caseNumber: c?.number ?? 0 };
    }
    const [order] = await tx.select().from(orders).where(eq(orders.id, input.orderId)).for('update');
    if (!order) throw new AppError('not_found', 'No such order.');

    let shipmentId = data.shipmentId;
    const lines = isParcelClaim(data.type) ? [] : data.lines;
    // What has arrived and what is late, read once: the claim form offers exactly what this allows.
    const parcelFacts = await claimParcelFacts(tx, order.id);
    if (lines.length) {
      const owned = await tx
        .select({ id: orderLines.id, quantity: orderLines.quantity })
        .from(orderLines)
        .where(and(eq(orderLines.orderId, order.id), inArray(orderLines.id, lines.map((l) => l.orderLineId))));
      const byId = new Map(owned.map((l) => [l.id, l]));
      for (const l of lines) {
        const line = byId.get(l.orderLineId);
        if (!line || l.quantity > line.quantity) throw new AppError('invalid_input', 'Unknown line or quantity.', { details: { lines: ['linesRequired'] } });
      }
      // Damaged, wrong or missing: only for units that have arrived (a parcel still on its way cannot have arrived damaged).
      const delivered = deliveredQuantities(parcelFacts);
      const claimed = new Map<string, number>();
      for (const l of lines) claimed.set(l.orderLineId, (claimed.get(l.orderLineId) ?? 0) + l.quantity);
      for (const [lineId, quantity] of claimed) {
        if (quantity > (delivered.get(lineId) ?? 0)) throw new AppError('invalid_state', 'Those items have not been delivered yet.', { details: { lines: ['notDelivered'] } });
      }
      // Attach the parcel that carried the first line, so staff see its tracking at once.
      const [carried] = await tx
        .select({ id: shipmentLines.shipmentId })
        .from(shipmentLines)
        .innerJoin(shipments, eq(shipments.id, shipmentLines.shipmentId))
        .where(and(eq(shipmentLines.orderLineId, lines[0]!.orderLineId), eq(shipments.direction, 'outbound')))
        .orderBy(sql`${shipments.status} = 'delivered' desc`)
        .limit(1);
      shipmentId = carried?.id ?? null;
    }
    let parcel: { carrier: string; trackingNumber: string } | null = null;
    if (shipmentId) {
      const [s] = await tx
        .select({ carrier: shipments.carrier, trackingNumber: shipments.trackingNumber })
        .from(shipments)
        .where(and(eq(shipments.id, shipmentId), eq(shipments.orderId, order.id), eq(shipments.direction, 'outbound')));
      if (!s) throw new AppError('invalid_input', 'Unknown parcel.', { details: { shipmentId: ['parcelRequired'] } });
      if (isParcelClaim(data.type)) {
        // "Never got it": a parcel marked delivered, or one that is late — not one on its way and on time.
        const facts = parcelFacts.find((p) => p.id === shipmentId);
        const today = todayIn((await readShopSettings(tx)).timeZone);
        if (!facts || !parcelMayBeNotReceived(facts, today)) throw new AppError('invalid_state', 'The parcel is on its way and not late.', { details: { shipmentId: ['parcelOnItsWay'] } });
      }
      parcel = s;
    }

    const [claim] = await tx
      .insert(claims)
      .values({
        orderId: order.id,
        orderLineId: lines[0]?.orderLineId ?? null,
        shipmentId,
        type: data.type,
        quantity: lines.reduce((sum, l) => sum + l.quantity, 0) || 1,
        description: data.description,
        requestedRemedy: data.remedy ?? 'investigate',
        lines: lines.length ? lines : null,
        idempotencyKey: data.idempotencyKey,
      })
      .returning({ id: claims.id });
    const claimId = claim!.id;
    if (processed.length) {
      await tx.insert(photos).values(
        processed.map((p) => ({ claimId, contentType: p.contentType, width: p.width, height: p.height, sizeBytes: p.data.byteLength, data: p.data })),
      );
    }
    const caseType = isParcelClaim(data.type) ? 'delivery_issue' : 'claim';
    const opened = await openCase(tx, {
      actor: ctx.actor,
      type: caseType,
      subject: isParcelClaim(data.type)
        ? `Parcel ${parcel?.trackingNumber ?? ''} marked delivered, not received · order ${order.orderNumber}`
        : `Claim (${data.type}) · order ${order.orderNumber}`,
      customerEmail: order.email,
      customerName: order.customerName,
      locale: input.locale,
      priority: isParcelClaim(data.type) ? 'high' : 'normal',
      orderId: order.id,
      claimId,
      shipmentId,
      tags: [`claim:${data.type}`],
    });
    await recordEvent(tx, {
      actor: ctx.actor,
      type: 'claim.created',
      caseId: opened.id,
      data: { claimId, orderId: order.id, type: data.type, lines, shipmentId, remedy: data.remedy, photos: processed.length },
    });
    const shop = await readShopSettings(tx);
    const email = await renderClaimEmail(input.locale, {
      shopName: shop.name,
      supportEmail: shop.supportEmail,
      brand: emailBrand(shop),
      orderNumber: order.orderNumber,
      caseNumber: opened.number,
      type: data.type,
      remedy: data.remedy,
      statusUrl: appUrl(`/${input.locale}/orders/${encodeURIComponent(order.orderNumber)}/claims/${claimId}`),
    }, await loadEmailMessages(tx, input.locale));
    await enqueueEmail(tx, {
      kind: 'claim_received',
      dedupeKey: `claim:${claimId}:received`,
      locale: input.locale,
      orderId: order.id,
      caseId: opened.id,
      email: { to: order.email, ...email },
    });
    return { claimId, caseNumber: opened.number };
  });
}
