import { createHash, randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Db } from '../../db';
import { csatResponses, settings } from '../../db/schema';
import { signReplyToken } from '../../lib/cases/reply-token';
import { createDeliveryCase } from '../../test/staff2-factories';

/** A resolved case with a survey link of our own (the token's hash stored as the survey email would). */
export async function surveyLink(db: Db): Promise<{ caseId: string; token: string }> {
  const { caseId } = await createDeliveryCase(db);
  const token = randomBytes(32).toString('base64url');
  await db.insert(csatResponses).values({ caseId, tokenHash: createHash('sha256').update(token).digest('hex') });
  return { caseId, token };
}

/** The signed token of a case's reply link (`/{locale}/messages/{token}`), signed with the server's own secret. */
export async function replyToken(db: Db, caseId: string): Promise<string> {
  const [secret] = await db.select({ value: settings.value }).from(settings).where(eq(settings.key, 'app_secret'));
  const key = process.env.APP_SECRET ? Buffer.from(process.env.APP_SECRET) : Buffer.from(String(secret!.value));
  return signReplyToken(key, caseId);
}
