import type { Db } from '@/db';
import { AppError } from '@/lib/errors';
import { lookupOrder } from '@/lib/orders/lookup-order';
import { getWithdrawalContext, type WithdrawalLineDto } from './queries';
import { type WithdrawalIdentifyInput, withdrawalIdentifySchema } from './schemas';
import type { WithdrawalPeriod } from './state';

export type IdentifiedOrder = { orderId: string; orderNumber: string; lines: WithdrawalLineDto[]; period: WithdrawalPeriod };

/**
 * Guest path, step 1 (name, order number, the order's email). Goes through the order lookup, so it
 * shares its rate limits (per order number and per client) and its single generic `not_found` for
 * every mismatch: the form cannot be used to learn which orders exist.
 */
export async function identifyWithdrawal(ctx: { db: Db; clientKey: string }, input: WithdrawalIdentifyInput): Promise<IdentifiedOrder> {
  const parsed = withdrawalIdentifySchema.parse(input);
  const found = await lookupOrder(ctx, { orderNumber: parsed.orderNumber, contact: parsed.email });
  // A withdrawal needs the verified customer (the email), never a postal code.
  if (found.level !== 'verified') throw new AppError('not_found', 'No order matches these details.');
  const context = await getWithdrawalContext(ctx.db, found.orderId);
  if (!context) throw new AppError('not_found', 'No order matches these details.');
  return { orderId: found.orderId, orderNumber: context.order.orderNumber, lines: context.lines, period: context.period };
}
