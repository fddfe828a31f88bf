import { randomBytes, randomInt } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Db } from '../db';
import {
  apiKeys,
  carrierBookings,
  caseMessages,
  claims,
  compensations,
  csatOptOuts,
  csatResponses,
  delayIncidents,
  idempotencyKeys,
  notices,
  orderLines,
  orders,
  photos,
  rateLimits,
  refunds,
  returnItems,
  returns,
  shipments,
  trackingEvents,
  trackingLinks,
  webhookInbox,
  withdrawals,
} from '../db/schema';
import { recordEvent } from '../lib/core/events';
import { enqueueEmail } from '../lib/outbox/enqueue-email';
import { uniqueId } from './factories';
import { createCase } from './staff-factories';

/** A data subject whose values occur nowhere else in the database (unique name, phone, street). */
export type Person = { email: string; name: string; phone: string; street: string; orderIds: string[]; caseId: string; orderNumbers: string[] };

export function newPerson(): Omit<Person, 'orderIds' | 'caseId' | 'orderNumbers'> {
  const id = uniqueId('p').replace(/[^a-z0-9]/gi, '');
  return {
    email: `Erika.${id}@Example.com`,
    name: `Erika Poistettava${id}`,
    phone: `+35850${randomInt(1_000_000, 9_999_999)}${randomInt(10, 99)}`,
    street: `Unohduskatu ${id} A 3`,
  };
}

/**
 * Two orders of one person with everything the portal can hold about them: parcels and carrier
 * events, a return with a photo, a claim, a withdrawal, a case with messages and notes, audit
 * events, emails, goodwill and refunds, CSAT, a delay notice, raw webhooks, API responses, limits.
 */
export async function createPersonWithEverything(db: Db, staffId: string, person = newPerson()): Promise<Person> {
  const orderIds: string[] = [];
  const orderNumbers: string[] = [];
  for (let i = 0; i < 2; i++) {
    const orderNumber = `PRV-${uniqueId().toUpperCase()}`;
    const [order] = await db
      .insert(orders)
      .values({
        orderNumber,
        email: person.email,
        customerName: person.name,
        phone: person.phone,
        locale: 'fi',
        currency: 'EUR',
        market: 'FI',
        placedAt: new Date(Date.now() - 20 * 86_400_000),
        shippingName: person.name,
        shippingLine1: person.street,
        shippingPostalCode: '00530',
        shippingCity: 'Helsinki',
        shippingCountry: 'FI',
        paymentMethod: 'card',
        shippingAmount: 590,
        capturedAmount: 10_590,
      })
      .returning({ id: orders.id });
    orderIds.push(order!.id);
    orderNumbers.push(orderNumber);
  }
  const orderId = orderIds[0]!;
  const [line] = await db.insert(orderLines).values({ orderId, sku: `SKU-${uniqueId()}`, title: 'Villasukat', unitPrice: 5000, quantity: 2, fulfilledQuantity: 2 }).returning({ id: orderLines.id });
  const trackingNumber = `JJFI${randomBytes(6).toString('hex').toUpperCase()}`;
  const [parcel] = await db.insert(shipments).values({ orderId, carrier: 'posti', trackingNumber, status: 'delivered' }).returning({ id: shipments.id });
  await db.insert(trackingEvents).values({
    shipmentId: parcel!.id,
    carrier: 'posti',
    trackingNumber,
    status: 'delivered',
    description: `Toimitettu vastaanottajalle ${person.name}`,
    location: person.street,
    occurredAt: new Date(),
    source: 'webhook',
    dedupeKey: uniqueId('ev'),
  });
  // An outbound booking recorded in the ledger (a reship's): its label bytes carry the customer's address.
  await db.insert(carrierBookings).values({
    purpose: 'outbound',
    shipmentId: parcel!.id,
    orderId,
    reference: orderNumbers[0]!,
    carrier: 'posti',
    state: 'booked',
    bookedVia: 'pakettikauppa',
    trackingNumber: `${trackingNumber}-B`,
    pdf: Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.from(`${person.name}, ${person.street}`)]),
  });
  await db.insert(webhookInbox).values({
    carrier: 'posti',
    dedupeKey: uniqueId('wh'),
    rawBody: JSON.stringify({ parcel: trackingNumber, recipient: 'M. Vastaanottaja', note: 'door code 1234' }),
    headers: { 'x-recipient': person.name },
    signatureResult: 'ok',
    processedAt: new Date(),
  });
  const [ret] = await db
    .insert(returns)
    .values({ rmaNumber: `R-${uniqueId()}`, orderId, method: 'drop_off', currency: 'EUR', rejectionReason: `Soitettu numeroon ${person.phone}` })
    .returning({ id: returns.id });
  const [item] = await db
    .insert(returnItems)
    .values({ returnId: ret!.id, orderLineId: line!.id, quantity: 1, reasonCode: 'too_small', resolution: 'refund', comment: `Terveisin ${person.name}` })
    .returning({ id: returnItems.id });
  const image = Buffer.concat([Buffer.from('photo of '), Buffer.from(person.street)]);
  await db.insert(photos).values({ orderId, returnItemId: item!.id, contentType: 'image/jpeg', width: 1, height: 1, sizeBytes: image.length, data: image });
  const [claim] = await db
    .insert(claims)
    .values({ orderId, type: 'damaged', requestedRemedy: 'refund', description: `Rikki. ${person.name}, ${person.phone}` })
    .returning({ id: claims.id });
  await db.insert(photos).values({ orderId, claimId: claim!.id, contentType: 'image/jpeg', width: 1, height: 1, sizeBytes: image.length, data: image });
  await db.insert(withdrawals).values({ receiptNumber: `W-${uniqueId()}`, orderId: orderIds[1]!, name: person.name, email: person.email, locale: 'fi', itemsAmount: 5000, deliveryRefundAmount: 590 });

  const kase = await createCase(db, { orderId, customerEmail: person.email, customerName: person.name, subject: `Kysymys: ${person.name}` });
  await db.insert(caseMessages).values([
    { caseId: kase.id, kind: 'customer_message', body: `Hei, olen ${person.name}, puh ${person.phone}, osoite ${person.street}.` },
    { caseId: kase.id, kind: 'internal_note', body: `Asiakas ${person.name} soitti.` },
    { caseId: kase.id, kind: 'reply', authorStaffId: staffId, body: `Hei ${person.name}, kiitos viestistä.` },
  ]);
  await recordEvent(db, {
    actor: { type: 'merchant_api', apiKeyId: 'k', scopes: [] },
    type: 'order.upserted',
    data: { orderId, email: person.email, customerName: person.name, phone: person.phone, shipping: { line1: person.street } },
  });
  await recordEvent(db, { actor: { type: 'staff', staffId, role: 'agent' }, type: 'case.note_added', caseId: kase.id, data: { body: `Asiakas ${person.name} soitti.` } });
  await enqueueEmail(db, {
    kind: 'email.case_reply',
    dedupeKey: uniqueId('mail'),
    orderId,
    caseId: kase.id,
    email: { to: person.email, subject: `Hei ${person.name}`, html: `<p>Hei ${person.name}, ${person.street}</p>`, text: `Hei ${person.name}, ${person.street}` },
  });
  // Goodwill and refunds: accounting records that must keep their amounts.
  const [comp] = await db
    .insert(compensations)
    .values({ orderId, caseId: kase.id, kind: 'partial_refund', status: 'issued', amount: 1500, currency: 'EUR', reason: `Hyvitys asiakkaalle ${person.name}` })
    .returning({ id: compensations.id });
  await db.insert(refunds).values([
    { orderId, amount: 1500, currency: 'EUR', compensationId: comp!.id, reason: `Hyvitys ${person.name}` },
    { orderId: orderIds[1]!, amount: 5590, currency: 'EUR', reason: 'Peruutus' },
  ]);
  await db.insert(csatResponses).values({ caseId: kase.id, tokenHash: randomBytes(32).toString('hex'), score: 5, comment: `Kiitos! t. ${person.name}`, respondedAt: new Date() });
  await db.insert(csatOptOuts).values({ email: person.email.toLowerCase() });
  const [incident] = await db.insert(delayIncidents).values({ orderId, shipmentId: parcel!.id, kind: 'stalled_in_transit', details: { lastLocation: person.street } }).returning({ id: delayIncidents.id });
  await db.insert(notices).values({ incidentId: incident!.id, orderId, locale: 'fi', dedupeKey: uniqueId('notice'), error: `550 mailbox ${person.email} unavailable` });
  const [key] = await db.insert(apiKeys).values({ name: 'privacy test', prefix: uniqueId('pk').slice(0, 30), keyHash: randomBytes(32).toString('hex') }).returning({ id: apiKeys.id });
  await db.insert(idempotencyKeys).values({ apiKeyId: key!.id, key: uniqueId('idem'), method: 'POST', path: '/api/v1/orders', requestHash: 'x', responseStatus: 201, responseBody: { email: person.email, name: person.name } });
  await db.insert(rateLimits).values({ bucket: 'lookup_email', key: person.email.toLowerCase() });
  await db.insert(trackingLinks).values({ tokenHash: randomBytes(32).toString('hex'), orderId, expiresAt: new Date(Date.now() + 86_400_000) });
  return { ...person, orderIds, orderNumbers, caseId: kase.id };
}

/** Sets a column-free timestamp on a row (tests backdate their own rows). */
export async function backdateOrder(db: Db, orderId: string, placedAt: Date): Promise<void> {
  await db.update(orders).set({ placedAt }).where(eq(orders.id, orderId));
}
