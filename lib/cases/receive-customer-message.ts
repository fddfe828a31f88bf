import 'server-only';
import type { Db } from '@/db';
import { AppError } from '@/lib/errors';
import { checkLimit, hitLimit, type Limit } from '@/lib/rate-limit/rate-limit';
import { getAppSecret } from '@/lib/settings/app-secret';
import { appendCustomerMessage, recordCustomerReply } from './append-customer-message';
import { lockCase } from './load-case';
import { verifyReplyToken } from './reply-token';
import { customerMessageSchema } from './schemas';

/** Answers through one link: generous for a person, a wall for a script. */
export const CUSTOMER_MESSAGE_LIMIT: Limit = { bucket: 'case_customer_message', max: 10, windowSeconds: 60 * 60 };

/** The case a reply link opens, or null (bad or expired link). */
export async function caseForReplyToken(db: Db, token: string): Promise<string | null> {
  return verifyReplyToken(await getAppSecret(db), token)?.caseId ?? null;
}

/**
 * The customer's answer through the signed link in a reply email: lands in the same case as a
 * customer_message, reopens it (SLA resumes) and is audited as the customer.
 */
export async function receiveCustomerMessage(ctx: { db: Db; clientKey: string }, input: { token: string; body: string }): Promise<{ messageId: string }> {
  const data = customerMessageSchema.parse(input);
  const caseId = await caseForReplyToken(ctx.db, data.token);
  if (!caseId) throw new AppError('not_found');
  const limit = await checkLimit(ctx.db, CUSTOMER_MESSAGE_LIMIT, caseId);
  if (limit.blocked) throw new AppError('rate_limited', 'Too many messages', { retryAfterSeconds: limit.retryAfterSeconds });
  await hitLimit(ctx.db, CUSTOMER_MESSAGE_LIMIT, caseId);
  const now = new Date();
  return ctx.db.transaction(async (tx) => {
    const row = await lockCase(tx, caseId);
    const { messageId } = await appendCustomerMessage(tx, row, data.body, now);
    await recordCustomerReply(tx, row, messageId);
    return { messageId };
  });
}
