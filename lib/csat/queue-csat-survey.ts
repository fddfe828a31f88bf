import { emailBrand } from '@/lib/outbox/service-email-layout';
import { loadEmailMessages } from '@/lib/settings/email-templates';
import { eq } from 'drizzle-orm';
import type { Tx } from '@/db';
import { cases, csatOptOuts, csatResponses } from '@/db/schema';
import type { Actor } from '@/lib/core/actor';
import { recordEvent } from '@/lib/core/events';
import { isLocale } from '@/lib/core/locales';
import { enqueueEmail } from '@/lib/outbox/enqueue-email';
import { renderCsatEmail } from './csat-email';
import { csatEnabled } from './settings';
import { newCsatToken } from './tokens';
import { readShopSettings } from '@/lib/settings/shop-settings';

export type CsatQueueOutcome = 'queued' | 'disabled' | 'opted_out' | 'already_sent' | 'answered';

/**
 * The survey for a resolved case, inside the transaction that resolved it. One email per case:
 * a case resolved again later gets none (the csat_responses row exists). `resend` (an agent's
 * choice) mints a new token — the old link stops working — unless the customer already answered.
 */
export async function queueCsatSurvey(tx: Tx, input: { caseId: string; actor: Actor; resend?: boolean }): Promise<CsatQueueOutcome> {
  if (!(await csatEnabled(tx))) return 'disabled';
  const [kase] = await tx.select().from(cases).where(eq(cases.id, input.caseId)).limit(1);
  if (!kase) return 'disabled';
  const [optOut] = await tx.select().from(csatOptOuts).where(eq(csatOptOuts.email, kase.customerEmail.toLowerCase()));
  if (optOut) return 'opted_out';
  const [existing] = await tx.select().from(csatResponses).where(eq(csatResponses.caseId, kase.id)).for('update');
  if (existing?.score != null) return 'answered';
  if (existing && !input.resend) return 'already_sent';

  const { token, hash } = newCsatToken();
  const agentId = kase.assigneeId ?? (input.actor.type === 'staff' ? input.actor.staffId : null);
  if (existing) await tx.update(csatResponses).set({ tokenHash: hash, sentAt: new Date() }).where(eq(csatResponses.id, existing.id));
  else await tx.insert(csatResponses).values({ caseId: kase.id, tokenHash: hash, agentId });

  const locale = isLocale(kase.locale) ? kase.locale : 'fi';
  const shop = await readShopSettings(tx);
  const email = await renderCsatEmail({ locale, token, to: kase.customerEmail, shopName: shop.name, caseNumber: kase.number, messages: await loadEmailMessages(tx, locale), brand: emailBrand(shop) });
  await enqueueEmail(tx, {
    kind: 'email.csat_survey',
    // The first survey once per case; each resend its own message (new token).
    dedupeKey: existing ? `csat:${kase.id}:resend:${hash.slice(0, 16)}` : `csat:${kase.id}`,
    locale,
    orderId: kase.orderId ?? undefined,
    caseId: kase.id,
    email,
  });
  await recordEvent(tx, { actor: input.actor, type: existing ? 'csat.resent' : 'csat.sent', caseId: kase.id, orderId: kase.orderId, data: {} });
  return 'queued';
}
