import { randomInt } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { Tx } from '@/db';
import { returns, shipments } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import { recordCaseEvent } from '@/lib/cases/record-case-event';
import { AppError } from '@/lib/errors';
import { queueReturnEmail } from '@/lib/returns/return-emails';

/*
 * PLACEHOLDER for contract C7 (owner: labels). A simple, correct stand-in so approved returns get a
 * return shipment while the labels branch is not merged; the labels engineer's file replaces it.
 */

const digits = (n: number) => Array.from({ length: n }, () => randomInt(10)).join('');
const fromAlphabet = (alphabet: string, n: number) => Array.from({ length: n }, () => alphabet[randomInt(alphabet.length)]).join('');

function returnTrackingNumber(carrier: string): string {
  switch (carrier) {
    case 'posti':
      return `JJFI${digits(17)}`;
    case 'matkahuolto':
      return `MH${digits(9)}FI`;
    case 'budbee':
      return fromAlphabet('ABCDEFGHJKLMNPQRSTUVWXYZ23456789', 10);
    default:
      // PostNord and Bring use SSCC numbers (00 + 18 digits).
      return `00${digits(18)}`;
  }
}

function printerlessCodeFor(carrier: string): string {
  switch (carrier) {
    case 'posti':
      return fromAlphabet('0123456789ABCDEF', 6);
    case 'matkahuolto':
      return digits(7);
    case 'bring':
      return `BRING-${digits(4)}-${digits(4)}`;
    default:
      return digits(6);
  }
}

export async function issueReturnLabel(tx: Tx, input: { returnId: string; actor: Actor }): Promise<{ shipmentId: string; trackingNumber: string; printerlessCode: string | null }> {
  const [r] = await tx.select().from(returns).where(eq(returns.id, input.returnId)).for('update').limit(1);
  if (!r || r.status !== 'approved' || !r.carrier) throw new AppError('invalid_state', 'Only an approved return with a carrier gets a label.');
  const trackingNumber = returnTrackingNumber(r.carrier);
  const printerlessCode = r.method === 'printerless' ? printerlessCodeFor(r.carrier) : null;
  const [shipment] = await tx
    .insert(shipments)
    .values({ orderId: r.orderId, direction: 'return', carrier: r.carrier, service: 'return', trackingNumber, status: 'info_received' })
    .returning({ id: shipments.id });
  await tx
    .update(returns)
    .set({ status: 'label_issued', labelIssuedAt: new Date(), returnShipmentId: shipment!.id, printerlessCode })
    .where(and(eq(returns.id, r.id), eq(returns.status, 'approved')));
  await recordCaseEvent(tx, { actor: input.actor, type: 'return.label_issued', orderId: r.orderId, data: { returnId: r.id, rma: r.rmaNumber, trackingNumber } });
  await queueReturnEmail(tx, { returnId: r.id, step: 'label_issued' });
  return { shipmentId: shipment!.id, trackingNumber, printerlessCode };
}
