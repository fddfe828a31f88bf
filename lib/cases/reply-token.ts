import { createHmac, timingSafeEqual } from 'node:crypto';

/** Customer reply links live 30 days: long enough for a slow answer, short enough to age out. */
export const REPLY_LINK_DAYS = 30;

/**
 * A signed, expiring token naming one case: `<caseId>.<expiresEpoch>.<hmac>`. Stateless — the HMAC
 * (app secret) is the proof; the page only lets the holder add a message to that case.
 */
export function signReplyToken(secret: Buffer, caseId: string, now: Date = new Date()): string {
  const expires = Math.floor(now.getTime() / 1000) + REPLY_LINK_DAYS * 86_400;
  const body = `${caseId}.${expires}`;
  return `${Buffer.from(body).toString('base64url')}.${createHmac('sha256', secret).update(`case-reply:${body}`).digest('base64url')}`;
}

export function verifyReplyToken(secret: Buffer, token: string, now: Date = new Date()): { caseId: string } | null {
  const [encoded, sig] = token.split('.');
  if (!encoded || !sig || token.length > 500) return null;
  const body = Buffer.from(encoded, 'base64url').toString();
  const expected = createHmac('sha256', secret).update(`case-reply:${body}`).digest();
  const given = Buffer.from(sig, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  const [caseId, expires] = body.split('.');
  if (!caseId || !/^[0-9a-f-]{36}$/.test(caseId) || !expires || Number(expires) * 1000 < now.getTime()) return null;
  return { caseId };
}
